import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { ClassDetail, ClassItem, Page } from "../../api/types.ts";

export interface ClassListParams {
  schoolId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
  includeArchived?: boolean;
}

export const classKeys = {
  all: ["classes"] as const,
  list: (params: ClassListParams) => ["classes", "list", params] as const,
  one: (id: string) => ["classes", "one", id] as const,
};

export function useClassList(params: ClassListParams) {
  return useQuery({
    queryKey: classKeys.list(params),
    queryFn: () =>
      api.get<Page<ClassItem>>("/api/classes", {
        schoolId: params.schoolId,
        q: params.q,
        page: params.page,
        pageSize: params.pageSize,
        includeArchived: params.includeArchived ? "true" : undefined,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useClass(id: string | undefined) {
  return useQuery({
    queryKey: classKeys.one(id ?? ""),
    queryFn: () => api.get<ClassDetail>(`/api/classes/${encodeURIComponent(id ?? "")}`),
    enabled: Boolean(id),
  });
}
