import type { Catalog } from "../../i18n/i18n.ts";

export const rulesMessages: Catalog = {
  vi: {
    "rules.notCurrentVersion":
      "Phiên bản quy chế này không còn hiệu lực. Vui lòng đọc và xác nhận phiên bản hiện hành (phiên bản {version}).",
    "rules.acknowledgementRequired":
      "Bạn cần đọc và xác nhận quy chế lớp học trực tuyến của trường (phiên bản {version}) trước khi vào lớp: {link}",
    "rules.notYourRole":
      "Chỉ học sinh, cha mẹ học sinh và giáo viên của trường xác nhận quy chế này.",
    "rules.notYourChild": "Học sinh này không phải con của bạn tại trường.",
    "rules.noDraft": "Trường chưa có bản dự thảo quy chế nào để ban hành.",
    "rules.draftChanged": "Bản dự thảo đã thay đổi hoặc đã được ban hành. Vui lòng tải lại trang.",
    "rules.noRules": "Trường chưa ban hành quy chế.",
    "rules.unknownChecklistItem": "Mục “{item}” không có trong bảng kiểm trước giờ học.",
    "validation.rules.clauseId":
      "Mã điều khoản phải có dạng chữ in hoa hoặc chữ in hoa và số, ví dụ E hoặc E.3.",
    "validation.rules.checklistId": "Mã mục kiểm chỉ gồm chữ thường, số và dấu gạch ngang.",
    "validation.rules.duplicateClause": "Mã này đã được dùng ở chỗ khác trong quy chế.",
    "validation.rules.clauseOutsideSection": "Mã điều khoản phải bắt đầu bằng mã của mục chứa nó.",
    "validation.rules.unknownClause": "Điều khoản này không có trong quy chế.",
  },
  en: {
    "rules.notCurrentVersion":
      "This version of the rules is no longer in force. Please read and acknowledge the current version (version {version}).",
    "rules.acknowledgementRequired":
      "Please read and acknowledge your school's online-class rules (version {version}) before joining: {link}",
    "rules.notYourRole":
      "Only the school's students, parents and teachers acknowledge these rules.",
    "rules.notYourChild": "This student is not your child at this school.",
    "rules.noDraft": "The school has no draft of the rules to publish.",
    "rules.draftChanged": "The draft changed or was already published. Please reload the page.",
    "rules.noRules": "The school has not published rules yet.",
    "rules.unknownChecklistItem": "“{item}” is not an item of the pre-class checklist.",
    "validation.rules.clauseId":
      "A clause id is a capital letter, optionally with a number, e.g. E or E.3.",
    "validation.rules.checklistId":
      "A checklist id has lower-case letters, digits and dashes only.",
    "validation.rules.duplicateClause": "This id is already used elsewhere in the rules.",
    "validation.rules.clauseOutsideSection": "A clause id must start with the id of its section.",
    "validation.rules.unknownClause": "This clause is not in the rules.",
  },
};
