export { hashToken, generateToken, hashesEqual } from './token-hash.ts';
export { TokenRegistry } from './token-registry.ts';
export { presentedToken } from './credentials.ts';
export { scopeViolation } from './ingest-scope.ts';
export { RateLimiter } from './rate-limiter.ts';
export { canIngest, hasRole, isScoped, type Principal } from './principal.ts';
