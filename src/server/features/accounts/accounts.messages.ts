import type { Catalog } from "../../i18n/i18n.ts";

export const accountsMessages: Catalog = {
  vi: {
    "accounts.loginFailed": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "accounts.locked":
      "Tài khoản tạm khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút hoặc liên hệ nhà trường.",
    "accounts.tooManyAttempts":
      "Quá nhiều lần đăng nhập từ địa chỉ này. Thử lại sau {seconds} giây.",
    "accounts.passwordChangeRequired": "Bạn cần đổi mật khẩu trước khi tiếp tục.",
    "accounts.currentPasswordWrong": "Mật khẩu hiện tại không đúng.",
    "accounts.passwordUnchanged": "Mật khẩu mới phải khác mật khẩu hiện tại.",
  },
  en: {
    "accounts.loginFailed": "Wrong username or password.",
    "accounts.locked":
      "This account is locked after too many failed sign-ins. Try again in {minutes} minutes or contact the school.",
    "accounts.tooManyAttempts":
      "Too many sign-in attempts from this address. Try again in {seconds} seconds.",
    "accounts.passwordChangeRequired": "You need to change your password before continuing.",
    "accounts.currentPasswordWrong": "The current password is wrong.",
    "accounts.passwordUnchanged": "The new password must differ from the current one.",
  },
};
