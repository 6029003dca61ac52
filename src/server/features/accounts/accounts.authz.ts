import { everyone, type AuthzProbe } from "../../testing/authz.ts";

const self = async () => ({ url: "/api/auth/me" });

export const accountsAuthz: AuthzProbe[] = [
  {
    route: "POST /api/auth/login",
    request: async () => ({ url: "/api/auth/login", body: { login: "x", password: "y" } }),
    allow: [],
    deny: [],
    public: true,
  },
  {
    route: "POST /api/auth/logout",
    request: async () => ({ url: "/api/auth/logout" }),
    allow: [],
    deny: [],
    public: true,
  },
  { route: "GET /api/auth/me", request: self, allow: everyone, deny: [] },
  // Ending every session would sign the matrix's own clients out; anonymous refusal is checked.
  {
    route: "POST /api/auth/logout-all",
    request: async () => ({ url: "/api/auth/logout-all" }),
    allow: [],
    deny: [],
  },
  {
    route: "POST /api/auth/change-password",
    request: async () => ({
      url: "/api/auth/change-password",
      body: { currentPassword: "wrong", newPassword: "short" },
    }),
    allow: everyone,
    deny: [],
  },
  {
    route: "PATCH /api/auth/locale",
    request: async () => ({ url: "/api/auth/locale", body: { locale: "vi" } }),
    allow: everyone,
    deny: [],
  },
];
