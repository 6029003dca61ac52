import type { Catalog } from "../../i18n/i18n.ts";

export const rostersMessages: Catalog = {
  vi: {
    "rosters.fileRequired": "Vui lòng chọn tệp danh sách (.xlsx hoặc .csv) ở trường “file”.",
    "rosters.wrongFileType": "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).",
    "rosters.notXlsx": "Tệp có đuôi .xlsx nhưng nội dung không phải tệp Excel.",
    "rosters.oldExcel":
      "Tệp Excel 97-2003 (.xls) không được hỗ trợ. Vui lòng mở bằng Excel và lưu lại dạng .xlsx.",
    "rosters.corruptXlsx":
      "Tệp Excel bị hỏng hoặc không đọc được. Vui lòng lưu lại và thử lần nữa.",
    "rosters.tooBigUnpacked": "Tệp Excel quá lớn sau khi giải nén.",
    "rosters.notCsv": "Tệp có đuôi .csv nhưng nội dung không phải văn bản CSV.",
    "rosters.notUtf8":
      "Tệp CSV không dùng bảng mã UTF-8. Trong Excel, chọn Lưu thành → “CSV UTF-8 (Comma delimited)”.",
    "rosters.tooManyRows": "Tệp có quá nhiều dòng (tối đa {max} dòng mỗi lần nhập).",
    "rosters.empty": "Tệp không có dữ liệu.",
    "rosters.noRows": "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.",
    "rosters.missingColumns": "Tệp thiếu cột bắt buộc: {columns}.",
    "rosters.missingColumn": "Thiếu cột “{column}”.",
    "rosters.required": "Không được để trống.",
    "rosters.formula":
      "Ô bắt đầu bằng =, +, - hoặc @ (có thể là công thức độc hại) nên không được nhập. Vui lòng sửa nội dung ô.",
    "rosters.codeTooLong": "Mã không được dài quá {max} ký tự.",
    "rosters.codeFormat": "Mã chỉ gồm chữ không dấu, chữ số, dấu gạch ngang hoặc gạch dưới.",
    "rosters.nameTooLong": "Họ và tên không được dài quá {max} ký tự.",
    "rosters.nameFormat": "Họ và tên chỉ gồm chữ cái (có dấu) và khoảng trắng.",
    "rosters.classFormat": "Tên lớp không hợp lệ (ví dụ đúng: 10A1).",
    "rosters.classGrade": "Tên lớp phải bắt đầu bằng khối lớp từ 1 đến 12 (ví dụ: 10A1).",
    "rosters.classArchived": "Lớp {className} đã được lưu trữ trong năm học này.",
    "rosters.classWillBeCreated":
      "Lớp {className} chưa có trong năm học {schoolYear} và sẽ được tạo.",
    "rosters.dateFormat": "Ngày sinh phải có dạng DD/MM/YYYY, ví dụ 05/09/2012.",
    "rosters.dateImpossible": "Ngày sinh không tồn tại trên lịch.",
    "rosters.ageImplausible":
      "Tuổi tính theo ngày sinh ({age}) không hợp lý cho học sinh (5–25 tuổi).",
    "rosters.genderFormat": "Giới tính phải là Nam, Nữ hoặc Khác.",
    "rosters.phoneFormat": "Số điện thoại Việt Nam không hợp lệ (ví dụ: 0912345678).",
    "rosters.emailFormat": "Địa chỉ e-mail không hợp lệ.",
    "rosters.subjectsFormat":
      "Danh sách môn dạy không hợp lệ (tối đa 20 môn, mỗi môn tối đa 80 ký tự).",
    "rosters.duplicateCode": "Mã bị trùng với dòng {row} trong tệp.",
    "rosters.duplicateEmail": "E-mail bị trùng với dòng {row} trong tệp.",
    "rosters.emailTaken": "E-mail này đã được dùng cho một tài khoản khác.",
    "rosters.existingAccount":
      "Giáo viên đã có tài khoản (dạy ở trường khác); tài khoản đó sẽ được thêm vào trường này.",
    "rosters.concurrentImport":
      "Một lượt nhập khác vừa ghi cùng dữ liệu. Không có gì được ghi; vui lòng tải tệp lên lại.",
    "rosters.reason": "Lý do",
    "rosters.rejectedSheet": "Dòng bị từ chối",
    "rosters.gender.male": "Nam",
    "rosters.gender.female": "Nữ",
    "rosters.gender.other": "Khác",
  },
  en: {
    "rosters.fileRequired": "Please choose a roster file (.xlsx or .csv) in the “file” field.",
    "rosters.wrongFileType": "Only Excel (.xlsx) or CSV (.csv) files are accepted.",
    "rosters.notXlsx": "The file ends in .xlsx but is not an Excel file.",
    "rosters.oldExcel":
      "Excel 97-2003 files (.xls) are not supported. Please open it in Excel and save it as .xlsx.",
    "rosters.corruptXlsx":
      "The Excel file is damaged or cannot be read. Please save it again and retry.",
    "rosters.tooBigUnpacked": "The Excel file is too large once unpacked.",
    "rosters.notCsv": "The file ends in .csv but is not CSV text.",
    "rosters.notUtf8":
      "The CSV file is not UTF-8 encoded. In Excel, choose Save As → “CSV UTF-8 (Comma delimited)”.",
    "rosters.tooManyRows": "The file has too many rows (at most {max} rows per import).",
    "rosters.empty": "The file is empty.",
    "rosters.noRows": "The file only has a header row and no data rows.",
    "rosters.missingColumns": "Required columns are missing: {columns}.",
    "rosters.missingColumn": "Column “{column}” is missing.",
    "rosters.required": "This cell must not be empty.",
    "rosters.formula":
      "The cell starts with =, +, - or @ (a possibly harmful formula) and was not imported. Please fix the cell.",
    "rosters.codeTooLong": "The code must be at most {max} characters.",
    "rosters.codeFormat": "The code may only contain unaccented letters, digits, - and _.",
    "rosters.nameTooLong": "The full name must be at most {max} characters.",
    "rosters.nameFormat": "The full name may only contain letters (accents allowed) and spaces.",
    "rosters.classFormat": "The class name is not valid (example: 10A1).",
    "rosters.classGrade": "The class name must start with a grade from 1 to 12 (example: 10A1).",
    "rosters.classArchived": "Class {className} is archived in this school year.",
    "rosters.classWillBeCreated":
      "Class {className} does not exist in school year {schoolYear} and will be created.",
    "rosters.dateFormat": "The date of birth must look like DD/MM/YYYY, e.g. 05/09/2012.",
    "rosters.dateImpossible": "This date of birth does not exist on the calendar.",
    "rosters.ageImplausible":
      "The age from this date of birth ({age}) is not plausible for a student (5–25).",
    "rosters.genderFormat": "Gender must be Nam, Nữ or Khác (male, female, other).",
    "rosters.phoneFormat": "Not a valid Vietnamese phone number (example: 0912345678).",
    "rosters.emailFormat": "The e-mail address is not valid.",
    "rosters.subjectsFormat":
      "The subject list is not valid (at most 20 subjects of 80 characters).",
    "rosters.duplicateCode": "The code repeats the one on row {row} of the file.",
    "rosters.duplicateEmail": "The e-mail repeats the one on row {row} of the file.",
    "rosters.emailTaken": "This e-mail address is already used by another account.",
    "rosters.existingAccount":
      "The teacher already has an account (at another school); it will be added to this school.",
    "rosters.concurrentImport":
      "Another import just wrote the same records. Nothing was saved; please upload the file again.",
    "rosters.reason": "Reason",
    "rosters.rejectedSheet": "Rejected rows",
    "rosters.gender.male": "Male",
    "rosters.gender.female": "Female",
    "rosters.gender.other": "Other",
  },
};
