/** What the audit log keeps: who did what, when, from where. Never a token or a cookie. */
export const AUDIT_ACTIONS = [
	'signin',
	'signin.refused',
	'signout',
	'alert.ack',
	'alert.unack',
	'silence.create',
	'silence.expire',
	'deadletter.retry',
	'deadletter.dismiss',
	'channel.test',
	'config.reload',
	'config.reload.refused',
	'token.use'
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
	/** Epoch ms. */
	time: number;
	action: AuditAction;
	/** The principal's name (token name, proxy user), or "anonymous"/"unknown". */
	actor: string;
	role?: string;
	/** token, session, proxy, anonymous. */
	via?: string;
	/** What it was done to: an alert id, a silence id, a route, the config file. */
	target?: string;
	/** Words on it: a comment, a refusal's reason, what a reload applied. */
	detail?: string;
	/** The TCP peer. */
	ip?: string;
}

export type AuditInput = Omit<AuditRecord, 'time'> & { time?: number };

export interface AuditQuery {
	limit?: number;
	action?: string;
	actor?: string;
	fromMs?: number;
	toMs?: number;
}
