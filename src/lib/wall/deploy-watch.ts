/**
 * Reloads a wall after a deploy: the server's build id (GET /api/v1/version) is compared with
 * the build the page was loaded from. A wall runs for weeks; without this it would keep old
 * code talking to a new server. Checked on a timer and whenever the caller says the link came
 * back (a deploy restarts the server, so that is when a new build shows up).
 */
export interface DeployWatch {
	check(): Promise<void>;
	close(): void;
}

export function watchDeploys(
	loadedVersion: string,
	onNewBuild: (version: string) => void,
	opts: { intervalMs?: number; fetch?: typeof fetch; url?: string } = {}
): DeployWatch {
	const get = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
	let closed = false;
	let reported = false;
	const check = async () => {
		if (closed || reported) return;
		try {
			const res = await get(`${opts.url ?? ''}/api/v1/version`, { cache: 'no-store' });
			if (!res.ok) return;
			const body = (await res.json()) as { version?: unknown };
			if (typeof body.version === 'string' && body.version !== loadedVersion && !closed) {
				reported = true;
				onNewBuild(body.version);
			}
		} catch {
			// Server down or restarting: the next check (or reconnect) asks again.
		}
	};
	const timer = setInterval(() => void check(), opts.intervalMs ?? 60_000);
	return {
		check,
		close() {
			closed = true;
			clearInterval(timer);
		}
	};
}
