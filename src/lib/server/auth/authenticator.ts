import { join } from 'node:path';
import type { AuthConfig, Component } from '../config/index.ts';
import { durationMs } from '../config/index.ts';
import { hasRole, type Principal } from './principal.ts';
import { AttemptLimiter } from './attempt-limiter.ts';
import { ProxyAuth, TrustedAddresses } from './proxy-auth.ts';
import { RevocationList } from './revocations.ts';
import { readCookie, SESSION_COOKIE, SESSION_MAX_AGE_S, SessionBook, type Session, type SessionKind } from './sessions.ts';
import { TokenRegistry } from './token-registry.ts';
import { viewScope, type ViewScope } from './view-scope.ts';

/** How the caller proved who they are. */
export type Via = 'token' | 'session' | 'proxy' | 'anonymous';

export interface Identity {
	principal: Principal;
	via: Via;
	/** For `session`: which one, and until when (epoch s). */
	session?: Pick<Session, 'id' | 'expires'>;
}

/** What a request or socket handshake presented, read by its transport (SvelteKit event, socket.io handshake). */
export interface Presented {
	/** An explicit token (Authorization: Token/Bearer, ?token=, socket auth.token). */
	token?: string;
	/** The Cookie header. */
	cookie?: string;
	/** Reads a request header (lower-case name). */
	header(name: string): string | undefined;
	/** The TCP peer address (never X-Forwarded-For). */
	peer?: string;
	/** Whether the connection itself is TLS. */
	encrypted?: boolean;
}

export type Outcome =
	| { ok: true; identity: Identity }
	/** Credentials were presented and are not good (unknown token, refused proxy user): 401, never the anonymous role. */
	| { ok: false; reason: string }
	/** Nothing presented, and no anonymous access. */
	| null;

export interface AuthenticatorOptions {
	auth: AuthConfig;
	components: readonly Component[];
	adminToken?: string;
	secret: Buffer;
	dataDir: string;
	now?: () => number;
	/** A proxy header from an untrusted peer was ignored (counted and logged by the caller). */
	onIgnoredProxyHeader?(peer: string): void;
}

/**
 * Who is calling, for every page, API read and socket: one place, so no route or event can
 * forget a way in. Order: an explicit token; then a trusted proxy's user header; then the
 * session cookie; then the config's anonymous role. `reload` swaps the auth config in place.
 */
export class Authenticator {
	readonly tokens: TokenRegistry;
	readonly sessions: SessionBook;
	private proxy: ProxyAuth | null = null;
	/** Whose X-Forwarded-Proto counts: auth.trusted_proxies and auth.proxy.trusted. */
	private forwarders = new TrustedAddresses([]);
	private anonymous: Principal | null = null;
	private sessionTtlS = 12 * 3600;
	private orgOfComponent = new Map<string, string>();
	private readonly now: () => number;
	private readonly attempts = new AttemptLimiter();

	constructor(private readonly opts: AuthenticatorOptions) {
		this.now = opts.now ?? Date.now;
		this.tokens = new TokenRegistry(opts.auth.tokens, opts.adminToken);
		const revocations = new RevocationList(join(opts.dataDir, 'auth', 'revoked-sessions.json'));
		this.sessions = new SessionBook(opts.secret, (name) => this.tokens.holder(name), revocations, this.now);
		this.apply(opts.auth, opts.components);
	}

	/** A config reload: new tokens, scopes, proxy, anonymous role and session lifetime, at once. */
	reload(auth: AuthConfig, components: readonly Component[]): void {
		this.tokens.replace(auth.tokens, this.opts.adminToken);
		this.apply(auth, components);
	}

	private apply(auth: AuthConfig, components: readonly Component[]): void {
		this.proxy = auth.proxy ? new ProxyAuth(auth.proxy) : null;
		this.forwarders = new TrustedAddresses([...auth.trusted_proxies, ...(auth.proxy?.trusted ?? [])]);
		this.anonymous = auth.anonymous_role === 'viewer' ? { name: 'anonymous', role: 'viewer' } : null;
		this.sessionTtlS = durationMs(auth.session_ttl) / 1000;
		this.orgOfComponent = new Map(components.map((c) => [c.id, c.org]));
	}

	identify(req: Presented): Outcome {
		if (req.token) {
			const p = this.tokens.authenticate(req.token);
			return p ? { ok: true, identity: { principal: p, via: 'token' } } : { ok: false, reason: 'unknown token' };
		}
		if (this.proxy) {
			const verdict = this.proxy.judge(req.header(this.proxy.header), req.peer);
			if (verdict.kind === 'user') return { ok: true, identity: { principal: verdict.principal, via: 'proxy' } };
			if (verdict.kind === 'refused') return { ok: false, reason: verdict.reason };
			if (verdict.kind === 'ignored') this.opts.onIgnoredProxyHeader?.(verdict.peer);
		} else if (req.header('x-forwarded-user') !== undefined) {
			// Without auth.proxy nobody is trusted to name a user; say so in the metrics.
			this.opts.onIgnoredProxyHeader?.(req.peer ?? 'unknown');
		}
		const session = this.sessions.verify(readCookie(req.cookie, SESSION_COOKIE));
		if (session) return { ok: true, identity: { principal: session.principal, via: 'session', session: { id: session.id, expires: session.expires } } };
		return this.anonymous ? { ok: true, identity: { principal: this.anonymous, via: 'anonymous' } } : null;
	}

	/**
	 * Whether the browser reached us over TLS: the connection itself, or `X-Forwarded-Proto: https`
	 * from a trusted proxy (anyone else's is ignored). Decides the cookie's Secure flag.
	 */
	isSecure(req: Pick<Presented, 'header' | 'peer' | 'encrypted'>): boolean {
		if (req.encrypted) return true;
		if (!this.forwarders.has(req.peer)) return false;
		return req.header('x-forwarded-proto')?.split(',')[0].trim().toLowerCase() === 'https';
	}

	/**
	 * Sign-in: a viewer-or-above token becomes a session cookie, `person` for the laptop lifetime
	 * (auth.session_ttl), `wall` for a wall's long one. Null for an unknown or ingest-only token.
	 */
	signIn(token: string, kind: SessionKind): { value: string; maxAgeS: number; session: Session } | null {
		const p = this.tokens.authenticate(token);
		if (!p || !hasRole(p, 'viewer')) return null;
		const ttl = kind === 'wall' ? SESSION_MAX_AGE_S : this.sessionTtlS;
		const issued = this.sessions.issue(p.name, ttl);
		return issued ? { value: issued.value, maxAgeS: issued.session.expires - issued.session.issued, session: issued.session } : null;
	}

	/** Whether this address may try to sign in now (10 tries a minute). */
	mayAttempt(address: string | undefined): boolean {
		return this.attempts.allow(address ?? 'unknown', this.now());
	}

	/** Sign-out: the session is refused from now on (here, and after a restart). */
	signOut(cookie: string | undefined): Session | null {
		return this.sessions.revoke(readCookie(cookie, SESSION_COOKIE));
	}

	/** The components this principal may see (null: all). */
	scopeOf(p: Principal): ViewScope | null {
		return viewScope(p, this.orgOfComponent);
	}

	get proxyHeader(): string | null {
		return this.proxy?.header ?? null;
	}
}
