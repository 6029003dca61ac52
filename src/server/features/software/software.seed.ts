/** The Department's starting list of tools for online teaching, assessed against the security
 * checklist from general, checkable properties of each product (first assessment, to be reviewed
 * by the Department). Idempotent: a name already in the list is left as edited. */
import type { Kysely } from "kysely";
import type { SoftwareBody } from "../../../shared/software.ts";
import type { SoftwareTables } from "./software.tables.ts";

const reviewed = "2026-11-28";
const reviewNote =
  "Đánh giá ban đầu khi lập danh mục; Sở GDĐT rà soát lại định kỳ và khi nhà cung cấp thay đổi tính năng, điều khoản.";

export const softwareSeed: SoftwareBody[] = [
  {
    name: "SafeClass (Lớp học an toàn)",
    vendor: "Sở GDĐT vận hành (phần mềm mã nguồn mở)",
    licence: "Mã nguồn mở (MIT), không thu phí bản quyền",
    website: null,
    recommendedUse:
      "Lớp học trực tuyến có điểm danh, trò chuyện được kiểm duyệt, báo cáo sự cố và quy chế lớp học; dùng cho mọi cấp học trong tỉnh.",
    checklist: {
      perPersonLinks: "yes",
      waitingRoom: "yes",
      hostControls: "yes",
      chatControls: "yes",
      encryption: "partial",
      licensed: "yes",
      dataLocation: "Máy chủ do Sở GDĐT hoặc nhà trường vận hành, dữ liệu lưu trong nước",
      encryptionNote:
        "Mã hóa đường truyền (HTTPS/WSS) khi triển khai đúng hướng dẫn; mã hóa dữ liệu lưu trữ tùy cấu hình máy chủ",
    },
    status: "recommended",
    notes: `Mỗi học sinh vào bằng tài khoản hoặc đường dẫn cá nhân; người ngoài danh sách chờ ở phòng chờ; giáo viên có nút tạm dừng mọi hoạt động. ${reviewNote}`,
    lastReviewedAt: reviewed,
  },
  {
    name: "Microsoft Teams for Education",
    vendor: "Microsoft",
    licence:
      "Microsoft 365 Education (gói A1 miễn phí cho cơ sở giáo dục đủ điều kiện; A3/A5 trả phí)",
    website: "https://www.microsoft.com/education",
    recommendedUse:
      "Lớp học trực tuyến gắn với lớp (Class Team), giao và chấm bài; phù hợp THCS, THPT khi nhà trường đã cấp tài khoản Microsoft 365 cho học sinh.",
    checklist: {
      perPersonLinks: "yes",
      waitingRoom: "yes",
      hostControls: "yes",
      chatControls: "yes",
      encryption: "yes",
      licensed: "yes",
      dataLocation:
        "Trung tâm dữ liệu của Microsoft theo vùng đăng ký của nhà trường (ở nước ngoài)",
      encryptionNote: "Mã hóa khi truyền và khi lưu trữ",
    },
    status: "recommended",
    notes: `Học sinh đăng nhập bằng tài khoản do trường cấp; bật phòng chờ (lobby) cho người ngoài tổ chức và chỉ cho giáo viên làm người trình bày. Không cho học sinh dùng tài khoản cá nhân. ${reviewNote}`,
    lastReviewedAt: reviewed,
  },
  {
    name: "Google Meet (Google Workspace for Education)",
    vendor: "Google",
    licence:
      "Google Workspace for Education (gói Education Fundamentals miễn phí cho cơ sở đủ điều kiện; các gói nâng cao trả phí)",
    website: "https://edu.google.com",
    recommendedUse:
      "Lớp học trực tuyến kết hợp Google Classroom; phù hợp khi nhà trường đã cấp tài khoản Google Workspace for Education cho học sinh.",
    checklist: {
      perPersonLinks: "yes",
      waitingRoom: "partial",
      hostControls: "yes",
      chatControls: "yes",
      encryption: "yes",
      licensed: "yes",
      dataLocation: "Trung tâm dữ liệu của Google (ở nước ngoài)",
      encryptionNote: "Mã hóa khi truyền và khi lưu trữ",
    },
    status: "recommended",
    notes: `Tạo cuộc họp từ tài khoản nhà trường, giới hạn chỉ tài khoản trong tên miền của trường được vào trực tiếp; người ngoài phải xin vào và được giáo viên chấp nhận. Bật quản lý người tổ chức (tắt tiếng, khóa trò chuyện, khóa trình bày). ${reviewNote}`,
    lastReviewedAt: reviewed,
  },
  {
    name: "Zoom Meetings",
    vendor: "Zoom Communications",
    licence: "Gói miễn phí (giới hạn thời lượng cuộc họp) và các gói trả phí, gói cho giáo dục",
    website: "https://zoom.us",
    recommendedUse:
      "Họp chuyên môn, tập huấn giáo viên; dạy học khi dùng tài khoản có bản quyền của nhà trường và cấu hình an toàn bên dưới.",
    checklist: {
      perPersonLinks: "partial",
      waitingRoom: "yes",
      hostControls: "yes",
      chatControls: "yes",
      encryption: "yes",
      licensed: "partial",
      dataLocation: "Trung tâm dữ liệu của Zoom (ở nước ngoài)",
      encryptionNote: "Mã hóa khi truyền; có tùy chọn mã hóa đầu cuối cho cuộc họp",
    },
    status: "allowed",
    notes: `Năm 2020 nhiều lớp học trên Zoom bị phá rối vì mã phòng và mật khẩu được đăng công khai hoặc bị học sinh chia sẻ. Khi dùng: bật phòng chờ, chỉ cho người dùng đã đăng nhập vào lớp, không đăng mã phòng ở nơi công khai, không dùng mã phòng cá nhân cố định cho lớp học, chỉ người chủ trì chia sẻ màn hình, khóa cuộc họp khi đủ học sinh. Gói miễn phí có giới hạn thời lượng và không phải bản quyền của nhà trường. ${reviewNote}`,
    lastReviewedAt: reviewed,
  },
  {
    name: "BigBlueButton",
    vendor: "Cộng đồng mã nguồn mở BigBlueButton",
    licence: "Mã nguồn mở (LGPL), tự cài đặt trên máy chủ của đơn vị",
    website: "https://bigbluebutton.org",
    recommendedUse:
      "Lớp học trực tuyến trên máy chủ của Sở hoặc nhà trường, tích hợp với hệ thống quản lý học tập (như Moodle).",
    checklist: {
      perPersonLinks: "partial",
      waitingRoom: "yes",
      hostControls: "yes",
      chatControls: "yes",
      encryption: "partial",
      licensed: "yes",
      dataLocation: "Máy chủ do đơn vị tự vận hành",
      encryptionNote:
        "Mã hóa đường truyền khi cấu hình HTTPS; an toàn phụ thuộc việc vận hành máy chủ",
    },
    status: "allowed",
    notes: `Được thiết kế cho dạy học (quyền người điều hành, phòng chờ khách, khóa trò chuyện, bảng trắng). Vào lớp qua hệ thống quản lý học tập để mỗi học sinh có danh tính riêng. Cần đội ngũ kỹ thuật cập nhật bản vá thường xuyên. ${reviewNote}`,
    lastReviewedAt: reviewed,
  },
  {
    name: "Jitsi Meet (máy chủ công cộng meet.jit.si)",
    vendor: "8x8 / cộng đồng mã nguồn mở Jitsi",
    licence: "Mã nguồn mở (Apache 2.0); máy chủ công cộng miễn phí",
    website: "https://jitsi.org",
    recommendedUse:
      "Trao đổi ngắn giữa giáo viên. Không dùng máy chủ công cộng cho lớp học có học sinh.",
    checklist: {
      perPersonLinks: "no",
      waitingRoom: "partial",
      hostControls: "partial",
      chatControls: "partial",
      encryption: "yes",
      licensed: "yes",
      dataLocation: "Máy chủ công cộng ở nước ngoài; có thể tự cài đặt trên máy chủ của đơn vị",
      encryptionNote: "Mã hóa khi truyền; mã hóa đầu cuối tùy chọn, phụ thuộc trình duyệt",
    },
    status: "not_recommended",
    notes: `Ai biết tên phòng đều có thể tìm vào; phòng chờ và mật khẩu phải do người điều hành tự bật trong mỗi buổi. Không có danh sách lớp và tài khoản riêng cho từng học sinh, nên khó ngăn người lạ xâm nhập. Nếu cần, đơn vị tự cài đặt máy chủ riêng và bắt buộc đăng nhập. ${reviewNote}`,
    lastReviewedAt: reviewed,
  },
];

export async function insertSoftware(
  db: Kysely<SoftwareTables>,
  item: SoftwareBody,
  userId: string | null,
) {
  return db
    .insertInto("software_catalog")
    .values({
      name: item.name,
      vendor: item.vendor,
      licence: item.licence,
      website: item.website ?? null,
      recommended_use: item.recommendedUse,
      checklist: JSON.stringify(item.checklist),
      status: item.status,
      notes: item.notes,
      last_reviewed_at: item.lastReviewedAt,
      updated_by: userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function seedSoftwareCatalog(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<SoftwareTables>;
  const existing = await typed.selectFrom("software_catalog").select("name").execute();
  const names = new Set(existing.map((row) => row.name.toLowerCase()));
  for (const item of softwareSeed) {
    if (!names.has(item.name.toLowerCase())) await insertSoftware(typed, item, null);
  }
}
