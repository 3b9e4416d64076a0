import { BlockList, isIP } from 'node:net';
import type { ProxyConfig } from './proxy-schema.ts';
import type { Principal } from './principal.ts';

/** What the proxy said about a request, once its peer was checked. */
export type ProxyVerdict =
	| { kind: 'none' }
	/** A header from a peer that is not a trusted proxy: ignored (and counted), never believed. */
	| { kind: 'ignored'; peer: string }
	| { kind: 'user'; principal: Principal }
	/** A trusted proxy named someone the config does not let in (default_role: none), or a malformed name. */
	| { kind: 'refused'; reason: string };

const MAX_NAME = 256;

/**
 * The reverse-proxy sign-in: `X-Forwarded-User` (or the configured header) names the person,
 * and only when the TCP peer is a trusted proxy. Peer addresses come from the socket, never from
 * X-Forwarded-For, which anyone can send.
 */
export class ProxyAuth {
	readonly header: string;
	private readonly trusted: TrustedAddresses;
	private readonly users: Map<string, Principal>;

	constructor(private readonly config: ProxyConfig) {
		this.header = config.header.toLowerCase();
		this.trusted = new TrustedAddresses(config.trusted);
		this.users = new Map(
			config.users.map((u) => [u.name, { name: u.name, role: u.role, orgs: set(u.orgs), components: set(u.components) }])
		);
	}

	/** Whether a TCP peer is one of the trusted proxies. */
	isTrusted(peer: string | undefined): boolean {
		return this.trusted.has(peer);
	}

	judge(headerValue: string | undefined, peer: string | undefined): ProxyVerdict {
		if (headerValue === undefined || headerValue === '') return { kind: 'none' };
		if (!this.isTrusted(peer)) return { kind: 'ignored', peer: peer ?? 'unknown' };
		const name = headerValue.trim();
		// Printable, no separators a log or a cookie could be confused by.
		if (!name || name.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(name)) return { kind: 'refused', reason: `the ${this.config.header} header is not a usable user name` };
		const listed = this.users.get(name);
		if (listed) return { kind: 'user', principal: listed };
		if (this.config.default_role === 'none') return { kind: 'refused', reason: `user "${name}" is not listed under auth.proxy.users` };
		return { kind: 'user', principal: { name, role: this.config.default_role, orgs: set(this.config.default_orgs) } };
	}
}

/** A set of addresses and CIDR blocks (validated by CidrSchema); IPv4-mapped IPv6 counts as its IPv4. */
export class TrustedAddresses {
	private readonly list = new BlockList();
	readonly size: number;

	constructor(blocks: readonly string[]) {
		for (const block of blocks) addBlock(this.list, block.trim());
		this.size = blocks.length;
	}

	has(peer: string | undefined): boolean {
		if (!peer || this.size === 0) return false;
		const address = peer.startsWith('::ffff:') && isIP(peer.slice(7)) === 4 ? peer.slice(7) : peer;
		const family = isIP(address);
		if (family === 0) return false;
		return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
	}
}

function addBlock(list: BlockList, block: string): void {
	const [address, bits] = block.split('/');
	const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
	if (bits === undefined) list.addAddress(address, family);
	else list.addSubnet(address, Number(bits), family);
}

function set(list: readonly string[] | undefined): ReadonlySet<string> | undefined {
	return list ? new Set(list) : undefined;
}
