/** Where the monitor stores data: any server of InfluxDB's 1.x HTTP API (1.x, or 2.x/3.x v1-compatibility). */
export interface InfluxTarget {
	url: string;
	database: string;
	username?: string;
	password?: string;
	/** InfluxDB 2.x/3.x token, sent as `Authorization: Token <t>`. */
	token?: string;
}

export function targetFromEnv(env: NodeJS.ProcessEnv, defaults: { database: string }): InfluxTarget {
	return {
		url: (env.INFLUX_URL ?? '').replace(/\/+$/, ''),
		database: env.INFLUX_DATABASE || defaults.database,
		username: env.INFLUX_USERNAME || undefined,
		password: env.INFLUX_PASSWORD || undefined,
		token: env.INFLUX_TOKEN || undefined
	};
}

export function authHeader(t: InfluxTarget): Record<string, string> {
	if (t.token) return { authorization: `Token ${t.token}` };
	if (t.username !== undefined || t.password !== undefined) {
		return { authorization: `Basic ${Buffer.from(`${t.username ?? ''}:${t.password ?? ''}`).toString('base64')}` };
	}
	return {};
}

/** Loopback needs no compression: gzip would only spend CPU that InfluxDB needs on the same machine. */
export function isLoopback(url: string): boolean {
	const host = new URL(url).hostname;
	return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}
