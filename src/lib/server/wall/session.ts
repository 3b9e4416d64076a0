/** Wall sessions are the auth module's sessions of kind `wall` (src/lib/server/auth/sessions.ts). */
export { loadSessionSecret, readCookie, SESSION_COOKIE, SESSION_MAX_AGE_S } from '../auth/index.ts';
