/** The starting training courses, written for SafeClass from Công văn 556 (item 2): safe use of
 * the Internet and online classes for students, teachers and parents. Original text. The
 * Department edits and extends the catalogue in the app; this is only the first edition. */
import type { CourseAudience } from "./training.tables.ts";

export interface SeedQuestion {
  kind: "single" | "multiple";
  prompt: string;
  options: string[];
  /** Indexes into `options`. */
  correct: number[];
  explanation: string;
}

export interface SeedCourse {
  slug: string;
  audience: CourseAudience;
  title: string;
  description: string;
  passMark: number;
  estimatedMinutes: number;
  lessons: Array<{ title: string; body: string }>;
  questions: SeedQuestion[];
}

const student: SeedCourse = {
  slug: "hoc-sinh-an-toan-truc-tuyen",
  audience: "student",
  title: "Em học trực tuyến an toàn",
  description:
    "Giữ tài khoản của mình, nhận ra người lạ và kẻ dụ dỗ, đối phó với bắt nạt và lừa đảo trên mạng, biết báo cho ai khi có chuyện.",
  passMark: 75,
  estimatedMinutes: 25,
  lessons: [
    {
      title: "Tài khoản của em là của riêng em",
      body: `Mỗi bạn vào lớp học trực tuyến bằng **tài khoản hoặc đường dẫn riêng** do nhà trường cấp. Nhờ vậy thầy cô biết chính xác ai đang ở trong lớp, và người lạ không thể vào thay.

Vì sao không được cho bạn mượn tài khoản hay gửi đường dẫn lớp cho người khác?
- Người nhận có thể gửi tiếp cho người lạ, và người lạ sẽ vào lớp dưới tên của em.
- Mọi tin nhắn gửi từ tài khoản của em đều được ghi là của em.
- Năm 2020, nhiều lớp học trực tuyến bị người lạ phá rối chính vì đường dẫn lớp bị chia sẻ lên mạng.

Giữ tài khoản an toàn:
- Đặt mật khẩu dài, khó đoán (ví dụ một câu ngắn có số), không dùng ngày sinh hay tên mình.
- Không nói mật khẩu cho ai, kể cả bạn thân. Chỉ cha mẹ có thể giữ giúp em.
- Đăng xuất khi dùng máy tính chung, máy ở quán net hoặc điện thoại của người khác.
- Nếu thấy tài khoản có dấu hiệu lạ (tin nhắn em không gửi, bị đăng xuất liên tục), báo ngay cho thầy cô để đổi mật khẩu.`,
    },
    {
      title: "Người lạ trên mạng và kẻ dụ dỗ",
      body: `Không phải ai nói chuyện thân thiện trên mạng cũng là bạn. Có những người lớn cố tình làm quen với học sinh để lợi dụng. Cách họ thường làm:
- Khen ngợi nhiều, nói rằng "chỉ có anh/chị hiểu em".
- Tặng quà, thẻ cào, vật phẩm trong trò chơi.
- Dặn em **giữ bí mật**, đừng kể với bố mẹ hay thầy cô.
- Xin ảnh riêng tư, rủ gọi video một mình, hoặc hẹn gặp ngoài đời.
- Khi em muốn dừng lại thì dọa sẽ đăng ảnh hay kể chuyện của em.

Nếu gặp những dấu hiệu trên, em hãy:
- **Dừng** trò chuyện ngay, không gửi thêm gì.
- **Chặn** và báo cáo tài khoản đó.
- **Giữ bằng chứng**: chụp màn hình tin nhắn, tên tài khoản.
- **Kể** với cha mẹ hoặc thầy cô em tin tưởng. Em không có lỗi và sẽ được giúp đỡ.

Trong lớp học trực tuyến, nếu thấy người lạ không có trong danh sách lớp, hãy báo thầy cô. Người lạ phải chờ ở phòng chờ, thầy cô mới quyết định có cho vào hay không.`,
    },
    {
      title: "Bắt nạt trên mạng",
      body: `Bắt nạt trên mạng là khi ai đó liên tục trêu chọc, chế giễu, đe dọa, cô lập hoặc bôi nhọ người khác qua tin nhắn, bình luận, ảnh, video. Nó làm người bị bắt nạt buồn, sợ hãi, có khi không muốn đến lớp.

Nếu em bị bắt nạt:
- Không đáp trả bằng lời lẽ xấu, vì như vậy thường làm mọi chuyện tệ hơn.
- Lưu lại bằng chứng rồi chặn người đó.
- Kể với cha mẹ, thầy cô, hoặc dùng nút **Báo cáo** trong SafeClass. Em có thể báo cáo ẩn danh.

Nếu em thấy bạn khác bị bắt nạt:
- Không bấm thích, không chia sẻ, không cười theo.
- Nhắn hỏi thăm, động viên bạn.
- Báo cho thầy cô. Lên tiếng giúp bạn là hành động dũng cảm, không phải "mách lẻo".

Trước khi đăng hay gửi điều gì, hãy tự hỏi: "Mình có muốn người khác nói điều này về mình không?". Những gì đã đăng lên mạng rất khó xóa hết.`,
    },
    {
      title: "Lừa đảo, mạo danh và thông tin cá nhân",
      body: `Kẻ gian trên mạng thường dụ học sinh bằng những lời hứa hấp dẫn:
- "Bạn đã trúng thưởng điện thoại, hãy nhập thông tin để nhận quà."
- "Nạp thẻ để nhận vật phẩm hiếm trong trò chơi."
- "Tài khoản của bạn sắp bị khóa, bấm vào đường dẫn này để giữ tài khoản."
- Một tài khoản mang tên bạn học hay thầy cô nhắn hỏi vay tiền, xin mã OTP.

Quy tắc vàng:
- **Không bao giờ** gửi mật khẩu hay mã OTP cho bất kỳ ai. Thầy cô và nhà trường không bao giờ hỏi mã này.
- Không bấm vào đường dẫn lạ, kể cả khi người gửi là người quen: tài khoản của họ có thể đã bị chiếm.
- Khi nghi ngờ, hỏi lại người đó bằng cách khác (gọi điện, gặp trực tiếp) hoặc hỏi cha mẹ.

Thông tin cá nhân cần giữ kín: số điện thoại, địa chỉ nhà, tên trường kèm lớp và giờ tan học, ảnh giấy tờ, mật khẩu. Không đăng những thông tin này vào khung trò chuyện của lớp hay lên mạng xã hội.`,
    },
    {
      title: "Khi có chuyện: báo cho ai, báo thế nào",
      body: `Em không phải tự mình giải quyết khi gặp chuyện trên mạng. Những người có thể giúp em:
- **Thầy cô** đang dạy hoặc giáo viên chủ nhiệm.
- **Cha mẹ** hoặc người lớn em tin tưởng trong gia đình.
- Nút **Báo cáo** trong SafeClass: nhà trường nhận được ngay, em có thể chọn báo cáo ẩn danh và vẫn nhắn tin qua lại được với thầy cô.
- **Tổng đài quốc gia bảo vệ trẻ em 111** (miễn phí).
- Khi có nguy hiểm khẩn cấp: gọi **113** (công an).

Khi báo, em nên kể: chuyện gì đã xảy ra, lúc nào, ở đâu (lớp nào, ứng dụng nào), ai liên quan, và gửi kèm ảnh chụp màn hình nếu có.

Nhớ rằng: báo cáo là để bảo vệ em và các bạn. Nhà trường giữ kín thông tin của người báo cáo.`,
    },
  ],
  questions: [
    {
      kind: "single",
      prompt:
        'Bạn thân xin đường dẫn vào lớp học trực tuyến của em để "vào xem cho vui". Em nên làm gì?',
      options: [
        "Gửi cho bạn, vì bạn thân thì không sao",
        "Từ chối: đường dẫn là của riêng em và không được chia sẻ",
        "Gửi mật khẩu để bạn tự đăng nhập",
        "Đăng đường dẫn lên nhóm lớp để mọi người cùng vào",
      ],
      correct: [1],
      explanation:
        "Đường dẫn và tài khoản là của riêng em. Chia sẻ chúng là cách người lạ lọt vào lớp học.",
    },
    {
      kind: "multiple",
      prompt:
        "Những dấu hiệu nào cho thấy một người quen trên mạng có thể đang dụ dỗ em? (chọn tất cả ý đúng)",
      options: [
        "Dặn em giữ bí mật, không kể với bố mẹ",
        "Tặng thẻ cào, vật phẩm trò chơi mà không rõ lý do",
        "Xin ảnh riêng tư hoặc rủ gặp riêng",
        "Hỏi bài tập trong nhóm lớp có thầy cô",
      ],
      correct: [0, 1, 2],
      explanation:
        "Giữ bí mật, quà tặng và đòi hỏi riêng tư là những dấu hiệu thường gặp của kẻ dụ dỗ.",
    },
    {
      kind: "single",
      prompt:
        "Trong giờ học, một tài khoản lạ liên tục gửi hình ảnh phản cảm vào khung trò chuyện. Em nên làm gì?",
      options: [
        "Gửi lại hình ảnh đó cho bạn bè xem",
        "Trả lời bằng lời lẽ nặng nề để người đó dừng lại",
        "Không tương tác, báo ngay cho thầy cô hoặc bấm Báo cáo",
        "Rời khỏi lớp và không nói với ai",
      ],
      correct: [2],
      explanation: "Không lan truyền, không đáp trả; báo ngay để thầy cô tạm dừng lớp và xử lý.",
    },
    {
      kind: "single",
      prompt:
        "Một tài khoản mang tên cô giáo chủ nhiệm nhắn xin mã OTP vừa gửi về điện thoại của em. Em làm gì?",
      options: [
        "Gửi ngay vì đó là cô giáo",
        "Không gửi; hỏi lại cô bằng cách khác và kể với cha mẹ",
        "Gửi một nửa mã cho an toàn",
        "Đổi tên tài khoản của mình",
      ],
      correct: [1],
      explanation:
        "Thầy cô không bao giờ hỏi mã OTP. Tài khoản đó có thể bị kẻ gian chiếm hoặc giả mạo.",
    },
    {
      kind: "multiple",
      prompt:
        "Khi thấy một bạn bị chế giễu trong nhóm trò chuyện của lớp, em có thể làm gì? (chọn tất cả ý đúng)",
      options: [
        "Không bấm thích, không chia sẻ bài chế giễu",
        "Nhắn hỏi thăm, động viên bạn",
        "Báo cho thầy cô",
        "Chụp màn hình đăng lên mạng xã hội cho nhiều người biết",
      ],
      correct: [0, 1, 2],
      explanation:
        "Không tiếp tay, động viên bạn và báo thầy cô. Đăng lên mạng chỉ làm bạn bị tổn thương thêm.",
    },
    {
      kind: "single",
      prompt: "Thông tin nào em có thể gửi trong khung trò chuyện của lớp học?",
      options: [
        "Địa chỉ nhà và số điện thoại của em",
        "Câu trả lời cho bài tập thầy cô vừa hỏi",
        "Ảnh căn cước của bố mẹ",
        "Mật khẩu tài khoản học tập",
      ],
      correct: [1],
      explanation: "Khung trò chuyện dùng cho việc học; thông tin cá nhân cần được giữ kín.",
    },
    {
      kind: "single",
      prompt: "Số điện thoại của Tổng đài quốc gia bảo vệ trẻ em là số nào?",
      options: ["111", "113", "115", "1080"],
      correct: [0],
      explanation:
        "111 là Tổng đài quốc gia bảo vệ trẻ em, gọi miễn phí. 113 là công an, 115 là cấp cứu.",
    },
    {
      kind: "single",
      prompt:
        'Em nhận tin nhắn "Bạn trúng thưởng điện thoại, bấm vào đường dẫn để nhận quà". Đó là gì?',
      options: [
        "Một món quà may mắn, nên bấm ngay",
        "Rất có thể là lừa đảo; không bấm và hỏi cha mẹ",
        "Tin nhắn của nhà trường",
        "Một bài tập về nhà",
      ],
      correct: [1],
      explanation: "Trúng thưởng bất ngờ kèm đường dẫn là kiểu lừa đảo rất phổ biến.",
    },
  ],
};

const teacher: SeedCourse = {
  slug: "giao-vien-to-chuc-lop-an-toan",
  audience: "teacher",
  title: "Tổ chức và điều hành lớp học trực tuyến an toàn",
  description:
    "Các nguy cơ của lớp học trực tuyến, chuẩn bị trước giờ học, điều hành và xử lý sự cố, bảo vệ học sinh và dữ liệu cá nhân, phối hợp với gia đình.",
  passMark: 80,
  estimatedMinutes: 35,
  lessons: [
    {
      title: "Những nguy cơ thường gặp",
      body: `Công văn 556/SGDĐT-GDTrHTX (2020) ghi nhận: kẻ xấu xâm nhập địa chỉ lớp học trực tuyến, đăng tải nội dung xấu, độc, phản cảm, có dấu hiệu lạm dụng, quấy rối và bắt nạt học sinh.

Những điều đã được rút ra từ làn sóng phá rối lớp học trực tuyến năm 2020:
- Phần lớn vụ xâm nhập bắt nguồn từ việc **mã phòng, đường dẫn hoặc mật khẩu bị chia sẻ** (lên mạng xã hội, nhóm trò chuyện), nhiều khi do chính người trong lớp.
- Mật khẩu phòng học chung cho cả lớp không đủ, vì ai có mật khẩu cũng có thể gửi tiếp.
- Biện pháp hiệu quả: mỗi học sinh một tài khoản hoặc đường dẫn riêng, phòng chờ cho người lạ, giáo viên nắm quyền điều khiển.

Các nguy cơ khác: bắt nạt giữa học sinh, người lạ dụ dỗ học sinh qua kênh trò chuyện riêng, lừa đảo mạo danh giáo viên hoặc nhà trường, lộ thông tin cá nhân của học sinh.`,
    },
    {
      title: "Chuẩn bị trước giờ học",
      body: `Trước mỗi buổi học, hãy thực hiện **bảng kiểm trước giờ học** trong SafeClass:
- Kiểm tra danh sách lớp; học sinh vào bằng tài khoản hoặc đường dẫn cá nhân.
- Không đăng đường dẫn lớp ở nơi công khai (trang cá nhân, nhóm mở, website).
- Chỉ dùng phần mềm trong danh mục Sở GDĐT khuyến nghị hoặc cho phép.
- Thiết lập: chỉ giáo viên chia sẻ màn hình; người lạ chờ ở phòng chờ; tên hiển thị theo danh sách lớp.
- Kiểm tra trước tài liệu, video và đường dẫn sẽ gửi cho học sinh.
- Nắm chắc vị trí các nút: khóa lớp, tắt tiếng tất cả, tắt trò chuyện, mời ra, **tạm dừng mọi hoạt động**.

Buổi học đầu tiên: dành vài phút giới thiệu quy chế lớp học trực tuyến, nhất là mục "Những hành vi học sinh không được làm" và các mức xử lý.`,
    },
    {
      title: "Điều hành và xử lý sự cố trong giờ học",
      body: `Trong giờ học:
- Mở lớp đúng giờ; điểm danh; khóa lớp khi học sinh đã vào đủ.
- Chỉ cho vào từ phòng chờ những người có trong danh sách hoặc được nhà trường xác nhận.
- Theo dõi khung trò chuyện; tin nhắn bị hệ thống giữ lại sẽ chờ giáo viên duyệt.

Khi có sự cố (người lạ, nội dung xấu, quấy rối):
1. Bấm **Tạm dừng mọi hoạt động** để mọi người trừ giáo viên ngừng phát biểu, trò chuyện, chia sẻ.
2. Mời người vi phạm ra khỏi lớp và cấm vào lại.
3. Không tranh cãi với người vi phạm, không chia sẻ lại nội dung xấu.
4. Bằng chứng (tin nhắn, nhật ký vào lớp) được SafeClass lưu tự động; không xóa, không tự chụp lan truyền.
5. Trấn an học sinh, rồi tiếp tục hoặc kết thúc buổi học.
6. Báo cáo Ban Giám hiệu ngay; sự cố nghiêm trọng được nhà trường báo cáo lên Phòng, Sở GDĐT và cơ quan công an.`,
    },
    {
      title: "Bảo vệ học sinh và dữ liệu cá nhân",
      body: `Dấu hiệu học sinh có thể đang bị bắt nạt hoặc bị dụ dỗ: thay đổi tâm trạng rõ rệt, tránh bật camera hay tránh vào lớp, bạn bè trêu chọc lặp lại, học sinh nhắc tới "bạn mới quen trên mạng" tặng quà. Khi nhận thấy, hãy trò chuyện riêng, lắng nghe không phán xét, và báo giáo viên chủ nhiệm, Ban Giám hiệu.

Khi học sinh có dấu hiệu muốn tự làm hại bản thân: không để em một mình với nguy cơ, báo ngay Ban Giám hiệu và gia đình; có thể gọi Tổng đài quốc gia bảo vệ trẻ em 111.

Dữ liệu cá nhân của học sinh:
- Nghị định 13/2023/NĐ-CP yêu cầu sự đồng ý của cha mẹ (và của trẻ từ đủ 7 tuổi) trước khi xử lý dữ liệu cá nhân của trẻ em.
- Chỉ thu thập và dùng thông tin cần cho việc dạy học.
- Không đăng danh sách lớp, điểm số, ảnh hay video có học sinh lên nơi công khai.
- Không gửi dữ liệu học sinh qua tài khoản cá nhân hoặc ứng dụng không được nhà trường cho phép.`,
    },
    {
      title: "Phối hợp với gia đình",
      body: `Cha mẹ là người ở cạnh học sinh khi học trực tuyến. Giáo viên nên:
- Gửi cho cha mẹ lịch học và quy chế lớp học trực tuyến; đề nghị cha mẹ xác nhận quy chế trong SafeClass.
- Hướng dẫn cha mẹ cách con vào lớp bằng tài khoản riêng, và nhắc không chia sẻ đường dẫn.
- Thông báo kịp thời khi học sinh vắng mặt hoặc liên quan tới một sự cố.
- Chỉ liên lạc qua kênh chính thức của nhà trường, để cha mẹ phân biệt được với tin nhắn giả mạo giáo viên.

Nhắc cha mẹ: nhà trường không bao giờ yêu cầu chuyển tiền gấp qua điện thoại hay tin nhắn.`,
    },
  ],
  questions: [
    {
      kind: "single",
      prompt:
        "Theo kinh nghiệm năm 2020, nguyên nhân phổ biến nhất khiến người lạ vào được lớp học trực tuyến là gì?",
      options: [
        "Phần mềm bị tấn công kỹ thuật phức tạp",
        "Mã phòng, đường dẫn hoặc mật khẩu lớp bị chia sẻ ra ngoài",
        "Giáo viên dùng máy tính cũ",
        "Đường truyền Internet chậm",
      ],
      correct: [1],
      explanation:
        "Phần lớn vụ xâm nhập đến từ thông tin vào lớp bị chia sẻ; vì vậy cần đường dẫn/tài khoản riêng cho từng học sinh.",
    },
    {
      kind: "single",
      prompt: "Biện pháp nào ngăn người lạ hiệu quả hơn một mật khẩu phòng chung cho cả lớp?",
      options: [
        "Đổi mật khẩu phòng mỗi tháng",
        "Mỗi học sinh vào bằng tài khoản hoặc đường dẫn cá nhân, người lạ chờ ở phòng chờ",
        "Đăng mật khẩu lên nhóm phụ huynh",
        "Tắt camera của giáo viên",
      ],
      correct: [1],
      explanation:
        "Đường dẫn cá nhân gắn với từng học sinh và phòng chờ cho người ngoài danh sách giúp giáo viên kiểm soát ai vào lớp.",
    },
    {
      kind: "multiple",
      prompt: "Việc nào thuộc bảng kiểm trước giờ học? (chọn tất cả ý đúng)",
      options: [
        "Kiểm tra danh sách lớp",
        "Đăng đường dẫn lớp lên trang cá nhân cho học sinh dễ tìm",
        "Thiết lập chỉ giáo viên được chia sẻ màn hình",
        "Kiểm tra trước tài liệu và đường dẫn sẽ gửi",
      ],
      correct: [0, 2, 3],
      explanation: "Đường dẫn lớp không bao giờ được đăng ở nơi công khai.",
    },
    {
      kind: "single",
      prompt:
        "Một người lạ phát nội dung phản cảm giữa giờ học. Việc đầu tiên giáo viên nên làm là gì?",
      options: [
        "Tranh luận để người đó dừng lại",
        "Tạm dừng mọi hoạt động của lớp rồi mời người đó ra",
        "Chụp màn hình gửi vào nhóm phụ huynh",
        "Tắt máy và rời lớp",
      ],
      correct: [1],
      explanation:
        "Tạm dừng mọi hoạt động cắt ngay nội dung xấu; sau đó mời ra, cấm vào lại và báo cáo.",
    },
    {
      kind: "multiple",
      prompt: "Sau sự cố trong giờ học, giáo viên cần làm gì? (chọn tất cả ý đúng)",
      options: [
        "Báo cáo Ban Giám hiệu",
        "Giữ nguyên bằng chứng, không xóa tin nhắn liên quan",
        "Trấn an học sinh",
        "Đăng nội dung xấu lên mạng để cảnh báo mọi người",
      ],
      correct: [0, 1, 2],
      explanation: "Chia sẻ lại nội dung xấu làm nó lan rộng và có thể gây hại thêm cho học sinh.",
    },
    {
      kind: "single",
      prompt:
        "Theo Nghị định 13/2023/NĐ-CP, xử lý dữ liệu cá nhân của học sinh 12 tuổi cần sự đồng ý của ai?",
      options: [
        "Chỉ của giáo viên chủ nhiệm",
        "Của cha mẹ (người giám hộ) và của chính học sinh",
        "Không cần ai đồng ý",
        "Chỉ của Sở GDĐT",
      ],
      correct: [1],
      explanation: "Với trẻ từ đủ 7 tuổi, cần sự đồng ý của cả cha mẹ (người giám hộ) và của trẻ.",
    },
    {
      kind: "single",
      prompt: "Việc nào phù hợp với nguyên tắc tối thiểu hóa dữ liệu học sinh?",
      options: [
        "Đăng danh sách lớp kèm số điện thoại lên trang web trường",
        "Chỉ thu thập và dùng thông tin cần cho việc dạy học",
        "Gửi bảng điểm qua tài khoản mạng xã hội cá nhân",
        "Lưu ảnh học sinh trên máy tính công cộng",
      ],
      correct: [1],
      explanation: "Chỉ dùng dữ liệu cần thiết, qua kênh nhà trường cho phép.",
    },
    {
      kind: "multiple",
      prompt:
        "Dấu hiệu nào có thể cho thấy học sinh đang bị bắt nạt hoặc dụ dỗ trên mạng? (chọn tất cả ý đúng)",
      options: [
        "Thay đổi tâm trạng rõ rệt, tránh vào lớp",
        'Nhắc tới "bạn mới quen trên mạng" hay tặng quà',
        "Bị bạn bè trêu chọc lặp đi lặp lại",
        "Hoàn thành bài tập đúng hạn",
      ],
      correct: [0, 1, 2],
      explanation: "Khi thấy các dấu hiệu này, trò chuyện riêng với học sinh và báo nhà trường.",
    },
  ],
};

const parent: SeedCourse = {
  slug: "phu-huynh-dong-hanh",
  audience: "parent",
  title: "Đồng hành cùng con học trực tuyến an toàn",
  description:
    "Chuẩn bị thiết bị và góc học tập, nhận biết dấu hiệu con gặp nguy hiểm trên mạng, phòng tránh lừa đảo nhắm vào phụ huynh, phối hợp với nhà trường khi có sự cố.",
  passMark: 75,
  estimatedMinutes: 25,
  lessons: [
    {
      title: "Chuẩn bị cho con học trực tuyến",
      body: `Một vài việc đơn giản giúp con học an toàn hơn:
- Đặt góc học ở nơi chung trong nhà (phòng khách, bàn học mở), không phải phòng kín.
- Cập nhật hệ điều hành và ứng dụng; chỉ cài ứng dụng từ kho chính thức.
- Giúp con đặt mật khẩu mạnh; cha mẹ có thể giữ mật khẩu giúp con, nhưng **không gửi cho người khác**.
- Con vào lớp bằng tài khoản hoặc đường dẫn riêng do nhà trường cấp. Không đăng đường dẫn lớp lên nhóm trò chuyện hay mạng xã hội.
- Thỏa thuận với con về thời gian dùng thiết bị ngoài giờ học; có thể dùng tính năng quản lý của gia đình trên điện thoại, máy tính.

Hãy đọc cùng con quy chế lớp học trực tuyến của trường và xác nhận trong SafeClass.`,
    },
    {
      title: "Dấu hiệu con gặp nguy hiểm trên mạng",
      body: `Cha mẹ nên chú ý khi con:
- Buồn bã, cáu gắt, lo sợ sau khi dùng điện thoại hay máy tính; không muốn vào lớp.
- Giấu màn hình, xóa tin nhắn, có tài khoản mới cha mẹ không biết.
- Nhận quà, thẻ cào, tiền từ người quen trên mạng.
- Nhắc tới một "anh/chị" quen trên mạng rất thân, hoặc muốn đi gặp người đó.

Kẻ dụ dỗ trẻ thường làm quen, khen ngợi, tặng quà, dặn giữ bí mật, rồi đòi ảnh riêng tư hoặc hẹn gặp. Hãy nói với con: "Nếu ai bắt con giữ bí mật với bố mẹ thì đó là dấu hiệu nguy hiểm, con cứ kể, bố mẹ không trách con."

Trò chuyện thường xuyên, bình tĩnh lắng nghe là cách bảo vệ con tốt nhất; cấm đoán hay la mắng khiến con giấu chuyện.`,
    },
    {
      title: "Lừa đảo nhắm vào phụ huynh",
      body: `Kẻ gian có thể mạo danh giáo viên, nhà trường hoặc bệnh viện:
- Gọi điện báo con bị tai nạn, cần chuyển tiền gấp để cấp cứu.
- Nhắn tin thu học phí, tiền tài liệu vào một tài khoản lạ.
- Gửi đường dẫn "tra cứu điểm", "cập nhật thông tin học sinh" để lấy mật khẩu, mã OTP.

Cách phòng tránh:
- Bình tĩnh; gọi lại cho giáo viên chủ nhiệm hoặc nhà trường qua số điện thoại chính thức bạn đã biết.
- Không chuyển tiền theo yêu cầu qua điện thoại hay tin nhắn khi chưa xác minh.
- Không bao giờ cung cấp mã OTP, mật khẩu.
- Thông báo chính thức của nhà trường có trên SafeClass.`,
    },
    {
      title: "Khi có sự cố: phối hợp với nhà trường",
      body: `Nếu con bị quấy rối, bắt nạt, dụ dỗ hay bị lừa trên mạng:
1. Giữ bình tĩnh, trấn an con: con không có lỗi.
2. Giữ bằng chứng: chụp màn hình tin nhắn, tên tài khoản, thời gian. Không xóa.
3. Không tự liên hệ, đe dọa hay trả đũa người vi phạm.
4. Báo giáo viên chủ nhiệm hoặc dùng nút **Báo cáo** trong SafeClass; nhà trường sẽ xử lý và báo cáo theo quy định.
5. Gọi Tổng đài quốc gia bảo vệ trẻ em **111** để được tư vấn; khi có nguy hiểm khẩn cấp, gọi **113**.

Quyền của gia đình với dữ liệu của con: cha mẹ đồng ý (và rút lại đồng ý) cho nhà trường xử lý dữ liệu cá nhân của con, được xem, yêu cầu xuất hoặc xóa dữ liệu theo quy định.`,
    },
  ],
  questions: [
    {
      kind: "single",
      prompt: "Nơi nào phù hợp nhất để con học trực tuyến?",
      options: [
        "Phòng riêng đóng cửa, không ai làm phiền",
        "Nơi chung trong nhà, cha mẹ có thể để ý",
        "Quán Internet gần nhà",
        "Bất cứ đâu có Wi-Fi miễn phí",
      ],
      correct: [1],
      explanation: "Góc học ở nơi chung giúp cha mẹ kịp thời nhận ra điều bất thường.",
    },
    {
      kind: "single",
      prompt:
        'Nhóm phụ huynh xin đường dẫn lớp học của con bạn để "cho con tôi vào cùng". Bạn làm gì?',
      options: [
        "Gửi ngay cho tiện",
        "Không gửi; đường dẫn là riêng của con, đề nghị họ liên hệ nhà trường",
        "Đăng lên nhóm để ai cần thì lấy",
        "Gửi kèm mật khẩu tài khoản của con",
      ],
      correct: [1],
      explanation:
        "Mỗi học sinh có đường dẫn, tài khoản riêng; chia sẻ ra ngoài mở cửa cho người lạ.",
    },
    {
      kind: "multiple",
      prompt: "Dấu hiệu nào đáng lo ngại? (chọn tất cả ý đúng)",
      options: [
        "Con nhận thẻ cào từ người quen trên mạng",
        "Con giấu màn hình và xóa tin nhắn",
        'Con muốn đi gặp một "anh" quen qua trò chơi',
        "Con hỏi bài bạn cùng lớp",
      ],
      correct: [0, 1, 2],
      explanation: "Quà tặng, giữ bí mật và hẹn gặp là các dấu hiệu thường gặp của kẻ dụ dỗ trẻ.",
    },
    {
      kind: "single",
      prompt:
        "Một người tự xưng là giáo viên gọi báo con bị tai nạn, yêu cầu chuyển tiền gấp. Bạn làm gì trước tiên?",
      options: [
        "Chuyển tiền ngay",
        "Gọi lại giáo viên chủ nhiệm hoặc nhà trường qua số chính thức để xác minh",
        "Đọc mã OTP cho người gọi",
        "Gửi ảnh căn cước cho người gọi",
      ],
      correct: [1],
      explanation: "Luôn xác minh qua kênh chính thức trước khi làm bất cứ điều gì.",
    },
    {
      kind: "single",
      prompt: "Con kể bị bạn chế giễu liên tục trong nhóm trò chuyện. Việc nên làm là gì?",
      options: [
        "Nhắn tin mắng phụ huynh của bạn kia",
        "Trấn an con, giữ bằng chứng và báo giáo viên chủ nhiệm",
        "Bắt con xóa hết tài khoản và không hỏi gì thêm",
        "Đăng ảnh chụp màn hình lên mạng xã hội",
      ],
      correct: [1],
      explanation: "Bình tĩnh, giữ bằng chứng và phối hợp với nhà trường.",
    },
    {
      kind: "single",
      prompt: "Tổng đài quốc gia bảo vệ trẻ em là số nào?",
      options: ["111", "113", "114", "115"],
      correct: [0],
      explanation: "111 là Tổng đài quốc gia bảo vệ trẻ em, miễn phí.",
    },
    {
      kind: "multiple",
      prompt: "Cách nào giúp tài khoản học của con an toàn? (chọn tất cả ý đúng)",
      options: [
        "Đặt mật khẩu mạnh, không dùng ngày sinh",
        "Không cung cấp mã OTP cho bất kỳ ai",
        "Cập nhật ứng dụng, hệ điều hành",
        "Dùng chung một mật khẩu đơn giản cho mọi tài khoản",
      ],
      correct: [0, 1, 2],
      explanation: "Mật khẩu mạnh, riêng cho từng tài khoản, không lộ OTP, thiết bị được cập nhật.",
    },
    {
      kind: "single",
      prompt: "Khi con bị một người lạ quấy rối trên mạng, điều KHÔNG nên làm là gì?",
      options: ["Giữ bằng chứng", "Báo nhà trường", "Tự nhắn tin đe dọa người đó", "Trấn an con"],
      correct: [2],
      explanation:
        "Không tự trả đũa; hãy giữ bằng chứng và để nhà trường, cơ quan chức năng xử lý.",
    },
  ],
};

export const trainingCatalog: SeedCourse[] = [student, teacher, parent];
