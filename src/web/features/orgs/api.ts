import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { OrgNode, OrgResponse } from "../../api/types.ts";

export const orgKeys = {
  all: ["orgs"] as const,
  tree: ["orgs", "tree"] as const,
  one: (id: string) => ["orgs", "one", id] as const,
};

export function useOrgTree() {
  return useQuery({
    queryKey: orgKeys.tree,
    queryFn: () => api.get<{ nodes: OrgNode[] }>("/api/orgs/tree"),
  });
}

export function useOrg(id: string | undefined) {
  return useQuery({
    queryKey: orgKeys.one(id ?? ""),
    queryFn: () => api.get<OrgResponse>(`/api/orgs/${encodeURIComponent(id ?? "")}`),
    enabled: Boolean(id),
  });
}
