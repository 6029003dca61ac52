import type { Catalog } from "../../i18n/i18n.ts";

export const classesMessages: Catalog = {
  vi: {
    "classes.nameTaken": "Trường đã có lớp cùng tên trong năm học này.",
    "classes.notATeacherHere": "Người này không phải giáo viên của trường.",
    "orgs.wrongParent": "Đơn vị cấp trên không phù hợp (Sở → Phòng → Trường).",
    "orgs.codeTaken": "Mã đơn vị đã được dùng trong cùng đơn vị cấp trên.",
  },
  en: {
    "classes.nameTaken": "The school already has a class with this name in this school year.",
    "classes.notATeacherHere": "This person is not a teacher of the school.",
    "orgs.wrongParent": "Wrong parent unit (Department → district → school).",
    "orgs.codeTaken": "This code is already used under the same parent unit.",
  },
};
