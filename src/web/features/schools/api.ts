import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { Page, SchoolStudent, SchoolTeacher } from "../../api/types.ts";

export interface StudentListParams {
  q?: string;
  classId?: string;
  page?: number;
  pageSize?: number;
}

export const schoolKeys = {
  students: (schoolId: string, params: StudentListParams) =>
    ["schools", schoolId, "students", params] as const,
  teachers: (schoolId: string, params: { q?: string; page?: number; pageSize?: number }) =>
    ["schools", schoolId, "teachers", params] as const,
};

export function useSchoolStudents(schoolId: string, params: StudentListParams) {
  return useQuery({
    queryKey: schoolKeys.students(schoolId, params),
    queryFn: () =>
      api.get<Page<SchoolStudent>>(`/api/schools/${schoolId}/students`, {
        q: params.q,
        classId: params.classId,
        page: params.page,
        pageSize: params.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSchoolTeachers(
  schoolId: string,
  params: { q?: string; page?: number; pageSize?: number },
) {
  return useQuery({
    queryKey: schoolKeys.teachers(schoolId, params),
    queryFn: () =>
      api.get<Page<SchoolTeacher>>(`/api/schools/${schoolId}/teachers`, {
        q: params.q,
        page: params.page,
        pageSize: params.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}
