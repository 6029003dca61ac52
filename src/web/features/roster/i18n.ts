/** Web strings of the roster wizard added with the server's import (notes, new accounts). */
import { i18n } from "../../i18n/index.ts";

const vi = {
  roster: {
    preview: {
      classesToCreate: "Các lớp chưa có trong năm học này sẽ được tạo khi nhập: {{classes}}.",
      note: "Lưu ý",
    },
    result: {
      classesCreated: "Đã tạo lớp mới: {{classes}}.",
      accountsTitle: "Tài khoản giáo viên mới",
      accountsHint:
        "Mật khẩu tạm thời chỉ hiện một lần. Hãy sao chép hoặc in ra và trao tận tay từng giáo viên; giáo viên phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
      teacherCode: "Mã giáo viên",
      fullName: "Họ và tên",
      username: "Tên đăng nhập",
      temporaryPassword: "Mật khẩu tạm thời",
      copyAll: "Sao chép tất cả",
      copied: "Đã sao chép",
      print: "In danh sách",
    },
  },
};

const en: typeof vi = {
  roster: {
    preview: {
      classesToCreate:
        "Classes not yet in this school year will be created on import: {{classes}}.",
      note: "Note",
    },
    result: {
      classesCreated: "New classes created: {{classes}}.",
      accountsTitle: "New teacher accounts",
      accountsHint:
        "Temporary passwords are shown only once. Copy or print them and hand each to the teacher in person; teachers must change the password at their first sign-in.",
      teacherCode: "Teacher code",
      fullName: "Full name",
      username: "Username",
      temporaryPassword: "Temporary password",
      copyAll: "Copy all",
      copied: "Copied",
      print: "Print the list",
    },
  },
};

i18n.addResourceBundle("vi", "translation", vi, true, true);
i18n.addResourceBundle("en", "translation", en, true, true);
