import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * `auth.proxy`: sign-in by a reverse proxy in front of the monitor (an agency's single sign-on,
 * oauth2-proxy, Authelia, ...), as Grafana's `auth.proxy`: the proxy authenticates the person and
 * names them in a header. The header is believed only when the TCP peer is one of `trusted`;
 * from anyone else it is ignored, so a browser cannot name itself.
 */

const CIDR = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/;

/** An address or CIDR block, IPv4 or IPv6; a bare address is a single host (/32, /128). */
export const CidrSchema = z.string().superRefine((text, ctx) => {
	const m = CIDR.exec(text.trim());
	const family = m ? isIP(m[1]) : 0;
	const bits = m?.[2] === undefined ? undefined : Number(m[2]);
	if (!m || family === 0 || (bits !== undefined && bits > (family === 4 ? 32 : 128)))
		ctx.addIssue({ code: 'custom', message: `"${text}" is not an address or CIDR block (e.g. 127.0.0.1/32, 10.0.0.0/8, ::1/128)` });
});

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_"');

export const ProxyUserSchema = z.strictObject({
	/** The user name exactly as the proxy sends it (e.g. an e-mail address). */
	name: z.string().min(1),
	role: z.enum(['viewer', 'operator', 'admin']),
	orgs: z.array(id).optional(),
	components: z.array(id).optional()
});

export const ProxySchema = z.strictObject({
	/** Header carrying the signed-in user's name. */
	header: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name such as X-Forwarded-User').default('X-Forwarded-User'),
	/** TCP peers whose header (and X-Forwarded-Proto) is believed; anything else is ignored. */
	trusted: z.array(CidrSchema).min(1, 'name the proxy addresses to trust, e.g. [127.0.0.1/32]'),
	/** People with a role or scope of their own; everyone else the proxy lets through gets `default_role`. */
	users: z.array(ProxyUserSchema).default([]),
	/** Role of a signed-in user not listed in `users`; `none` refuses them (only listed people get in). */
	default_role: z.enum(['none', 'viewer', 'operator', 'admin']).default('viewer'),
	/** Scope of those unlisted users (absent = every org). */
	default_orgs: z.array(id).optional()
});

export type ProxyConfig = z.output<typeof ProxySchema>;
