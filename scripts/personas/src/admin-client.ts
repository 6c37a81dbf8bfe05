import {
  adminPersonaDeleteResponse,
  adminPersonaListResponse,
  adminPersonaUpsertResponse,
  loginResponse,
  type AdminPersonaSummary,
  type AdminPersonaUpsertResponse,
  type PersonaDefinition,
} from '@mana/contracts';

/** The admin persona API as the scripts use it. */
export interface AdminClient {
  upsert(persona: PersonaDefinition): Promise<AdminPersonaUpsertResponse>;
  /** Every persona (all pages). */
  list(): Promise<AdminPersonaSummary[]>;
  remove(userId: string): Promise<void>;
}

/** A `fetch`-shaped function: the global fetch, or an in-process app's `request` in tests. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface AdminCredentials {
  baseUrl: string;
  /** An admin JWT; otherwise `email` + `password` log in through `/api/v1/auth/login`. */
  jwt?: string;
  email?: string;
  password?: string;
  fetch?: FetchLike;
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} failed: HTTP ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** Logs in as an admin (or takes a JWT) and returns a client for the admin persona API. */
export async function connectAdmin(creds: AdminCredentials): Promise<AdminClient> {
  const fetchFn = creds.fetch ?? ((url, init) => fetch(url, init));
  const base = creds.baseUrl.replace(/\/$/, '');
  let token = creds.jwt;
  if (!token) {
    if (!creds.email || !creds.password) throw new Error('Admin credentials missing: set MANA_ADMIN_EMAIL and MANA_ADMIN_PASSWORD, or pass --jwt');
    const res = await fetchFn(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: creds.email, password: creds.password }),
    });
    token = loginResponse.parse(await expectOk(res, `login as ${creds.email}`)).accessToken;
  }
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = `${base}/api/v1/admin/personas`;

  return {
    async upsert(persona) {
      const res = await fetchFn(api, { method: 'PUT', headers, body: JSON.stringify(persona) });
      return adminPersonaUpsertResponse.parse(await expectOk(res, `upsert ${persona.email}`));
    },
    async list() {
      const all: AdminPersonaSummary[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = adminPersonaListResponse.parse(await expectOk(await fetchFn(`${api}?limit=1000&offset=${offset}`, { headers }), 'list personas'));
        all.push(...page.personas);
        if (page.personas.length < 1000) return all;
      }
    },
    async remove(userId) {
      adminPersonaDeleteResponse.parse(await expectOk(await fetchFn(`${api}/${encodeURIComponent(userId)}`, { method: 'DELETE', headers }), `delete ${userId}`));
    },
  };
}
