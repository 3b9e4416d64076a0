/**
 * The token a client presented, in any of the forms InfluxDB 1.x clients send:
 * `Authorization: Token <t>` (InfluxDB 2.x style), `Bearer <t>`, `Basic base64(user:token)`
 * (Telegraf's username/password; the password is the token), or `?u=&p=<token>`.
 */
export function presentedToken(authorization: string | undefined, query: URLSearchParams): string | null {
	if (authorization) {
		const space = authorization.indexOf(' ');
		const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
		const value = space < 0 ? '' : authorization.slice(space + 1).trim();
		if ((scheme === 'token' || scheme === 'bearer') && value) return value;
		if (scheme === 'basic' && value) return basicPassword(value);
		return null;
	}
	return query.get('p') || null;
}

function basicPassword(encoded: string): string | null {
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return decoded || null;
	// Some clients put the token in the username and leave the password empty.
	return decoded.slice(colon + 1) || decoded.slice(0, colon) || null;
}
