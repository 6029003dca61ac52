/** The starting rules (quy chế) of every school, written from Công văn 556/SGDĐT-GDTrHTX
 * (items 4, 5 and 6): how an online class is run, the teacher's duties and checklist, the
 * learners' duties, the forbidden behaviours, the ladder of sanctions, and the link between
 * incident categories and clauses. A school edits its copy and publishes new versions. */
import type { RulesDocument } from "../../../shared/rules.ts";

export const rulesTemplate: RulesDocument = {
  title: "Quy chế tổ chức và tham gia lớp học trực tuyến",
  intro:
    "Quy chế này thực hiện Công văn số 556/SGDĐT-GDTrHTX ngày 13/4/2020 của Sở Giáo dục và Đào tạo Bình Dương về tăng cường bảo đảm an toàn cho học sinh khi học tập qua Internet. Quy chế áp dụng cho mọi lớp học trực tuyến của nhà trường; học sinh và cha mẹ học sinh xác nhận đã đọc trước buổi học đầu tiên và mỗi khi nhà trường ban hành phiên bản mới.",
  sections: [
    {
      id: "A",
      title: "Quy định chung",
      kind: "general",
      clauses: [
        {
          id: "A.1",
          text: "Lớp học trực tuyến chỉ được tổ chức trên phần mềm nằm trong danh mục Sở GDĐT khuyến nghị hoặc cho phép và được nhà trường chấp thuận.",
        },
        {
          id: "A.2",
          text: "Mỗi học sinh vào lớp bằng tài khoản hoặc đường dẫn cá nhân do nhà trường cấp. Tên hiển thị trong lớp là họ tên trong danh sách lớp và không được thay đổi.",
        },
        {
          id: "A.3",
          text: "Lớp học trực tuyến là lớp học của nhà trường: nội quy, văn hóa ứng xử và các quy định về kỷ luật học sinh áp dụng như khi học trực tiếp.",
        },
        {
          id: "A.4",
          text: "Thông tin cá nhân của học sinh chỉ được dùng cho việc dạy học, được bảo vệ theo quy định pháp luật và không được công khai ra ngoài lớp học.",
        },
      ],
    },
    {
      id: "B",
      title: "Quy trình tổ chức một buổi học trực tuyến",
      kind: "process",
      clauses: [
        {
          id: "B.1",
          text: "Lịch học được giáo viên đăng trên hệ thống trước buổi học; không đăng đường dẫn lớp lên mạng xã hội, nhóm trò chuyện công khai hay trang web.",
        },
        {
          id: "B.2",
          text: "Lớp học chỉ bắt đầu khi giáo viên có mặt. Người không có trong danh sách lớp phải chờ ở phòng chờ cho đến khi giáo viên cho vào.",
        },
        {
          id: "B.3",
          text: "Giáo viên điểm danh đầu giờ; hệ thống ghi lại thời điểm vào và rời lớp của từng học sinh.",
        },
        {
          id: "B.4",
          text: "Khi cả lớp đã vào đủ, giáo viên khóa lớp; học sinh đến muộn chờ ở phòng chờ để giáo viên cho vào.",
        },
        {
          id: "B.5",
          text: "Việc ghi hình buổi học chỉ do giáo viên thực hiện khi cần thiết, có thông báo trước cho cả lớp, và bản ghi chỉ được dùng trong nhà trường.",
        },
        {
          id: "B.6",
          text: "Kết thúc buổi học, giáo viên đóng lớp để không ai còn ở lại trong phòng học trực tuyến.",
        },
      ],
    },
    {
      id: "C",
      title: "Trách nhiệm và kỹ năng quản lý lớp của giáo viên",
      kind: "teacher",
      clauses: [
        {
          id: "C.1",
          text: "Trước mỗi buổi học, giáo viên thực hiện bảng kiểm trước giờ học của nhà trường.",
        },
        {
          id: "C.2",
          text: "Giáo viên thành thạo các thao tác: cho vào hoặc từ chối người ở phòng chờ, khóa lớp, tắt tiếng một hoặc tất cả, tắt trò chuyện, xóa tin nhắn, mời ra khỏi lớp và tạm dừng mọi hoạt động.",
        },
        {
          id: "C.3",
          text: "Chỉ giáo viên được chia sẻ màn hình, trừ khi giáo viên cho phép một học sinh cụ thể.",
        },
        {
          id: "C.4",
          text: "Khi có người lạ xâm nhập hoặc nội dung xấu xuất hiện, giáo viên lập tức tạm dừng mọi hoạt động, mời người vi phạm ra khỏi lớp, giữ lại bằng chứng và báo cáo Ban Giám hiệu ngay trong buổi học.",
        },
        {
          id: "C.5",
          text: "Giáo viên nhắc lại các hành vi học sinh không được làm (mục E) ở buổi học đầu tiên và khi cần thiết.",
        },
      ],
    },
    {
      id: "D",
      title: "Trách nhiệm của học sinh khi học trực tuyến",
      kind: "duties",
      clauses: [
        {
          id: "D.1",
          text: "Vào lớp đúng giờ bằng tài khoản của chính mình; giữ bí mật mật khẩu và đường dẫn cá nhân.",
        },
        {
          id: "D.2",
          text: "Tắt micro khi không phát biểu; giơ tay trên hệ thống khi muốn phát biểu và làm theo hướng dẫn của giáo viên.",
        },
        {
          id: "D.3",
          text: "Trò chuyện trong lớp bằng lời lẽ lịch sự, đúng nội dung bài học; tôn trọng thầy cô và bạn học.",
        },
        {
          id: "D.4",
          text: "Học ở nơi yên tĩnh, trang phục gọn gàng khi bật camera.",
        },
        {
          id: "D.5",
          text: "Khi thấy người lạ, nội dung xấu, bị bắt nạt hoặc bị làm phiền, báo ngay cho giáo viên hoặc dùng chức năng báo cáo (có thể báo cáo ẩn danh) và kể với cha mẹ.",
        },
      ],
    },
    {
      id: "E",
      title: "Những hành vi học sinh không được làm",
      kind: "forbidden",
      clauses: [
        {
          id: "E.1",
          text: "Chia sẻ đường dẫn lớp học, mã lớp, tài khoản hoặc mật khẩu cho người khác; để người khác vào học thay mình.",
        },
        {
          id: "E.2",
          text: "Dùng tài khoản của người khác, mạo danh giáo viên, bạn học hoặc nhà trường.",
        },
        {
          id: "E.3",
          text: "Nói tục, chửi thề; đăng hoặc gửi nội dung xấu, độc, phản cảm, bạo lực, phản giáo dục.",
        },
        {
          id: "E.4",
          text: "Đăng, gửi hoặc chia sẻ hình ảnh, video, nội dung khiêu dâm hoặc gợi dục.",
        },
        {
          id: "E.5",
          text: "Trêu chọc, chế giễu, xúc phạm, cô lập hoặc bắt nạt bạn học, giáo viên trong và ngoài giờ học trực tuyến.",
        },
        {
          id: "E.6",
          text: "Đe dọa, kích động bạo lực hoặc hẹn đánh nhau.",
        },
        {
          id: "E.7",
          text: "Ghi âm, ghi hình, chụp màn hình buổi học hoặc hình ảnh thầy cô, bạn học rồi đăng tải, phát tán khi chưa được phép.",
        },
        {
          id: "E.8",
          text: "Đăng số điện thoại, địa chỉ, hình ảnh riêng tư hay thông tin cá nhân khác của mình hoặc của người khác lên lớp học.",
        },
        {
          id: "E.9",
          text: "Gây rối buổi học: bật micro, phát âm thanh, chia sẻ màn hình hoặc gửi tin nhắn liên tục khi không được phép.",
        },
        {
          id: "E.10",
          text: "Gửi đường dẫn lạ, quảng cáo, lời mời mua bán, cờ bạc, vay tiền hoặc nội dung lừa đảo.",
        },
        {
          id: "E.11",
          text: "Tìm cách dò mật khẩu, vượt quyền, phá hoại hoặc làm gián đoạn hệ thống học trực tuyến.",
        },
      ],
    },
    {
      id: "F",
      title: "Phối hợp giữa nhà trường và gia đình",
      kind: "parents",
      clauses: [
        {
          id: "F.1",
          text: "Cha mẹ học sinh đọc và xác nhận quy chế này, nhắc nhở con thực hiện.",
        },
        {
          id: "F.2",
          text: "Cha mẹ chuẩn bị cho con chỗ học phù hợp, quan tâm, hỗ trợ con kết nối an toàn và theo dõi việc sử dụng Internet trong thời gian học trực tuyến.",
        },
        {
          id: "F.3",
          text: "Cha mẹ không chia sẻ đường dẫn, tài khoản học của con cho người khác.",
        },
        {
          id: "F.4",
          text: "Khi phát hiện con bị làm phiền, bắt nạt, dụ dỗ hoặc bị lừa đảo trên mạng, cha mẹ báo ngay cho giáo viên chủ nhiệm hoặc nhà trường.",
        },
      ],
    },
    {
      id: "G",
      title: "Báo cáo và xử lý sự cố",
      kind: "general",
      clauses: [
        {
          id: "G.1",
          text: "Khi xảy ra tình huống tiêu cực, giáo viên, học sinh, cha mẹ học sinh và cán bộ quản lý báo cáo kịp thời cho lãnh đạo nhà trường; nhà trường báo cáo lên Phòng GDĐT, Sở GDĐT theo phân cấp.",
        },
        {
          id: "G.2",
          text: "Vụ việc có dấu hiệu vi phạm pháp luật được nhà trường chuyển cơ quan công an để điều tra, xử lý theo quy định.",
        },
        {
          id: "G.3",
          text: "Khi thấy bạn có dấu hiệu muốn tự làm hại bản thân, báo ngay cho thầy cô hoặc cha mẹ; nhà trường liên hệ gia đình và hỗ trợ kịp thời.",
        },
        {
          id: "G.4",
          text: "Bằng chứng (tin nhắn, nhật ký vào lớp, thời gian) được hệ thống lưu giữ; không ai được tự ý xóa hoặc chỉnh sửa.",
        },
      ],
    },
  ],
  sanctions: [
    {
      level: 1,
      title: "Nhắc nhở",
      description:
        "Giáo viên nhắc nhở trực tiếp trong buổi học; có thể tạm tắt micro hoặc quyền trò chuyện của học sinh.",
    },
    {
      level: 2,
      title: "Mời ra khỏi buổi học và báo cha mẹ",
      description:
        "Giáo viên mời học sinh ra khỏi buổi học, ghi nhận vi phạm trên hệ thống; giáo viên chủ nhiệm thông báo cho cha mẹ học sinh.",
    },
    {
      level: 3,
      title: "Kiểm điểm",
      description:
        "Học sinh viết bản tự kiểm điểm; giáo viên chủ nhiệm làm việc với học sinh và cha mẹ; có thể tạm khóa quyền trò chuyện trong các buổi học tiếp theo.",
    },
    {
      level: 4,
      title: "Xử lý kỷ luật theo quy định",
      description:
        "Vi phạm nghiêm trọng hoặc tái phạm được Hội đồng kỷ luật nhà trường xem xét theo quy định hiện hành của Bộ GDĐT về khen thưởng, kỷ luật học sinh.",
    },
    {
      level: 5,
      title: "Chuyển cơ quan chức năng",
      description:
        "Hành vi có dấu hiệu vi phạm pháp luật (xâm nhập, quấy rối, lừa đảo, phát tán nội dung đồi trụy...) được báo cáo Sở GDĐT và chuyển cơ quan công an.",
    },
  ],
  teacherChecklist: [
    {
      id: "roster",
      text: "Đã kiểm tra danh sách lớp; người lạ phải chờ ở phòng chờ.",
    },
    {
      id: "private-link",
      text: "Không đăng đường dẫn lớp ở nơi công khai; học sinh vào bằng tài khoản hoặc đường dẫn cá nhân.",
    },
    {
      id: "controls",
      text: "Nắm chắc các nút khóa lớp, tắt tiếng, tắt trò chuyện, mời ra và tạm dừng mọi hoạt động.",
    },
    {
      id: "screen-share",
      text: "Chỉ giáo viên chia sẻ màn hình, trừ khi cho phép từng học sinh.",
    },
    {
      id: "materials",
      text: "Đã kiểm tra tài liệu và các đường dẫn sẽ gửi trong giờ học.",
    },
    {
      id: "remind-rules",
      text: "Sẽ nhắc học sinh những hành vi không được làm (mục E) khi bắt đầu buổi học.",
    },
    {
      id: "incident-plan",
      text: "Biết cách báo cáo sự cố và người cần liên hệ trong Ban Giám hiệu.",
    },
  ],
  categoryClauses: {
    intrusion: "E.1",
    scam_impersonation: "E.2",
    offensive_content: "E.3",
    sexual_content: "E.4",
    harassment: "E.5",
    threats_violence: "E.6",
    data_leak: "E.8",
    self_harm: "G.3",
    other: "E.9",
  },
};
