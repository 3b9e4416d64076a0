export { AuditLog, AUDIT_LIMIT, AUDIT_MAX_LIMIT, type AuditLogOptions } from './audit-log.ts';
export { TokenUseRecorder } from './token-use.ts';
export { AUDIT_ACTIONS, type AuditAction, type AuditRecord, type AuditInput, type AuditQuery } from './record.ts';
