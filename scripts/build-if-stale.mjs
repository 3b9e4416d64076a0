#!/usr/bin/env node
// Builds the SvelteKit app when build/ is missing or older than any of its sources, so that
// `npm start` always serves the code in the working tree without rebuilding every time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// messages/ and the inlang project: the UI's words compile into src/lib/paraglide during the build.
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json', 'messages', 'project.inlang/settings.json'];
const STAMP = 'build/.built-at';
// Written by the build itself (Paraglide's compiled messages): their source is messages/.
const GENERATED = new Set([join('src', 'lib', 'paraglide')]);

export function buildIfStale({ quiet = false } = {}) {
	if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestMtime(SOURCES)) return false;
	if (!quiet) console.log('build: sources changed since the last build; running vite build');
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
		stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit'
	});
	if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
	writeFileSync(STAMP, new Date().toISOString());
	return true;
}

function newestMtime(paths) {
	let newest = 0;
	for (const p of paths) {
		if (!existsSync(p) || GENERATED.has(p)) continue;
		const s = statSync(p);
		newest = Math.max(newest, s.mtimeMs);
		if (s.isDirectory()) newest = Math.max(newest, newestMtime(readdirSync(p).map((n) => join(p, n))));
	}
	return newest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		buildIfStale();
	} catch (err) {
		console.error(err.message);
		process.exit(1);
	}
}
