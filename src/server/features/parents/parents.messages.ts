/** Server messages of school–family (vi, en). */
import type { Catalog } from "../../i18n/i18n.ts";

export const parentsMessages: Catalog = {
  vi: {
    "parents.codeInvalid":
      "Mã liên kết không đúng, đã hết hạn hoặc đã được sử dụng. Vui lòng kiểm tra lại, hoặc xin nhà trường cấp mã mới.",
    "parents.loginTaken":
      "Tên đăng nhập hoặc e-mail này đã có người dùng. Vui lòng chọn tên khác hoặc đăng nhập.",
    "parents.sheet.title": "Mã liên kết phụ huynh — lớp {className}",
    "parents.sheet.heading": "Mã liên kết tài khoản phụ huynh SafeClass",
    "parents.sheet.student": "Học sinh: {name} (mã HS {code})",
    "parents.sheet.class": "Lớp: {className}",
    "parents.sheet.steps":
      'Cách dùng: 1) Mở {url} (hoặc quét mã QR). 2) Nhập mã ở trên, họ tên và mật khẩu để tạo tài khoản; nếu đã có tài khoản, đăng nhập rồi chọn "Liên kết thêm con". Mã dùng một lần, hết hạn ngày {date}.',
    "parents.sheet.warning":
      "Không chia sẻ mã này cho người khác. Nhà trường và giáo viên không bao giờ hỏi mật khẩu của quý phụ huynh.",
    "parents.sheet.scan": "Quét để mở trang đăng ký",
    "parents.xlsx.sheet": "Mã liên kết",
    "parents.xlsx.class": "Lớp",
    "parents.xlsx.studentCode": "Mã HS",
    "parents.xlsx.fullName": "Họ và tên",
    "parents.xlsx.code": "Mã liên kết",
    "parents.xlsx.expires": "Hết hạn",
    "parents.xlsx.where": "Trang đăng ký",
    "parents.mail.codeSubject": "[SafeClass] Mã liên kết phụ huynh của {name}, lớp {className}",
    "parents.mail.codeBody":
      "Kính gửi quý phụ huynh,\n\n{school} gửi mã liên kết tài khoản phụ huynh SafeClass cho học sinh {name}, lớp {className}:\n\n    {code}\n\nMở {url} để tạo tài khoản và liên kết với con (mã dùng một lần, hết hạn ngày {date}). Qua SafeClass, quý phụ huynh xem lịch học, điểm danh, nhận thông báo của nhà trường và nhắn tin với giáo viên chủ nhiệm.\n\nNếu quý phụ huynh không đăng ký con học tại trường, xin bỏ qua thư này. Nhà trường không bao giờ hỏi mật khẩu qua e-mail hay điện thoại.",
    "parents.notify.teacherMessageTitle": "Tin nhắn từ giáo viên {sender}",
    "parents.notify.parentMessageTitle": "Tin nhắn từ phụ huynh {sender}",
    "parents.notify.messageBody": "{sender} gửi tin nhắn về học sinh {student}.",
    "parents.notify.noticeTitle": "Thông báo mới từ {school}",
    "parents.notify.noticeBody": "{title}",
    "parents.notify.absentTitle": "{student} vắng buổi học",
    "parents.notify.absentBody":
      '{student} không tham gia buổi học "{session}" lúc {time}. Nếu con có lý do, quý phụ huynh vui lòng nhắn giáo viên chủ nhiệm.',
    "parents.notify.lateTitle": "{student} vào lớp muộn",
    "parents.notify.lateBody": '{student} vào buổi học "{session}" ({time}) muộn.',
    "parents.notify.incidentTitle": "Sự việc liên quan đến {student}",
    "parents.notify.incidentBody":
      "Nhà trường đang xử lý sự việc #{number} ({category}) có liên quan đến {student}. Quý phụ huynh có thể xem trạng thái trong trang của con và liên hệ giáo viên chủ nhiệm.",
  },
  en: {
    "parents.codeInvalid":
      "The link code is wrong, expired or already used. Please check it, or ask the school for a new one.",
    "parents.loginTaken": "This username or e-mail is already used. Choose another one or sign in.",
    "parents.sheet.title": "Parent link codes — class {className}",
    "parents.sheet.heading": "SafeClass parent account link code",
    "parents.sheet.student": "Student: {name} (code {code})",
    "parents.sheet.class": "Class: {className}",
    "parents.sheet.steps":
      'How to use: 1) Open {url} (or scan the QR code). 2) Enter the code above, your name and a password to create your account; if you already have one, sign in and choose "Link another child". The code works once and expires on {date}.',
    "parents.sheet.warning":
      "Do not share this code. The school and teachers never ask for your password.",
    "parents.sheet.scan": "Scan to open the registration page",
    "parents.xlsx.sheet": "Link codes",
    "parents.xlsx.class": "Class",
    "parents.xlsx.studentCode": "Student code",
    "parents.xlsx.fullName": "Full name",
    "parents.xlsx.code": "Link code",
    "parents.xlsx.expires": "Expires",
    "parents.xlsx.where": "Registration page",
    "parents.mail.codeSubject": "[SafeClass] Parent link code for {name}, class {className}",
    "parents.mail.codeBody":
      "Dear parent,\n\n{school} sends the SafeClass parent link code for {name}, class {className}:\n\n    {code}\n\nOpen {url} to create your account and link it to your child (single use, expires on {date}).\n\nIf your child does not study at this school, please ignore this e-mail. The school never asks for passwords by e-mail or phone.",
    "parents.notify.teacherMessageTitle": "Message from teacher {sender}",
    "parents.notify.parentMessageTitle": "Message from parent {sender}",
    "parents.notify.messageBody": "{sender} sent a message about {student}.",
    "parents.notify.noticeTitle": "New notice from {school}",
    "parents.notify.noticeBody": "{title}",
    "parents.notify.absentTitle": "{student} missed a class",
    "parents.notify.absentBody":
      '{student} did not attend "{session}" at {time}. If there was a reason, please message the homeroom teacher.',
    "parents.notify.lateTitle": "{student} was late",
    "parents.notify.lateBody": '{student} joined "{session}" ({time}) late.',
    "parents.notify.incidentTitle": "Incident involving {student}",
    "parents.notify.incidentBody":
      "The school is handling incident #{number} ({category}) involving {student}. You can follow its status on your child's page and contact the homeroom teacher.",
  },
};
