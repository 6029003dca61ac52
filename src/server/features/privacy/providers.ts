/** Children's data held by other features, gathered for export, deletion and retention. A
 * feature that keeps data about a child registers a provider through privacy's index.ts. */
import type { ConsentPurpose } from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import type { RetentionSettings } from "./privacy.repo.ts";

export interface ChildRef {
  id: string;
  userId: string;
  schoolId: string;
  fullName: string;
}

/** Something not deleted, and why (shown to the family and the principal). */
export interface KeptItem {
  kind: string;
  /** Message key of the reason (privacy.messages.ts), e.g. "privacy.kept.openIncident". */
  reasonKey: string;
  params?: Record<string, string | number>;
  count?: number;
}

export interface ErasureOutcome {
  deleted: Record<string, number>;
  kept: KeptItem[];
}

export interface ChildDataProvider {
  name: string;
  /** A section of the data export (JSON-serialisable). */
  exportFor?: (ctx: AppContext, child: ChildRef) => Promise<unknown>;
  /** Deletes or anonymises the child's data of `scope` ("all" = everything deletable). */
  erase?: (
    ctx: AppContext,
    child: ChildRef,
    scope: ConsentPurpose[] | "all",
    holds: KeptItem[],
  ) => Promise<ErasureOutcome>;
  /** Purges what is older than the school's retention periods; returns counts per kind. */
  retain?: (
    ctx: AppContext,
    school: { schoolId: string } & RetentionSettings,
    now: Date,
  ) => Promise<Record<string, number>>;
  /** Reasons the law allows to keep the child's data now (open incidents...). */
  holds?: (ctx: AppContext, child: ChildRef) => Promise<KeptItem[]>;
}

const providers = new Map<string, ChildDataProvider>();

/** Registers (or replaces, by name) a provider of children's data. */
export function registerChildDataProvider(provider: ChildDataProvider): void {
  providers.set(provider.name, provider);
}

export function childDataProviders(): ChildDataProvider[] {
  return [...providers.values()];
}
