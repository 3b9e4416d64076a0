import type { NotifiedAlert, Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { alertBadge, groupText, headline, sinceText, valueText, whereText, type FormatContext } from './describe.ts';
import { REDACTED } from './redact.ts';
import type { TelegramChannel } from './schema.ts';
import { truncate } from './truncate.ts';
import { wordsFor } from './words.ts';

/** core.telegram.org/bots/api#sendmessage: "1-4096 characters after entities parsing". */
export const TELEGRAM_LIMITS = { text: 4_096, summary: 1_000, header: 300 } as const;

/**
 * A message as runs of text, each plain, bold, italic or a link. Length is counted on the text
 * (what Telegram counts once it has parsed the HTML), and the HTML is made only at the end, so
 * a cut can never fall inside a tag or an entity.
 */
export interface Run {
	text: string;
	tag?: 'b' | 'i';
	href?: string;
}

export function escapeTelegram(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Telegram turns "@name" in any message text into a mention that notifies that user, so an
 * instance tag "@someone" would page a stranger. A word joiner (U+2060, invisible) after the "@"
 * keeps the text as it reads but stops the match. Only text, never hrefs.
 */
export function defuseMentions(s: string): string {
	return s.replace(/@(?=[A-Za-z0-9_])/g, '@\u2060');
}

/** What the reader sees of a run, and what counts toward the 4,096. */
function shownText(r: Run): string {
	return defuseMentions(r.text);
}

export function renderRuns(runs: Run[]): string {
	return runs
		.map((r) => {
			const t = escapeTelegram(shownText(r));
			if (r.href) return `<a href="${escapeTelegram(r.href).replace(/"/g, '&quot;')}">${t}</a>`;
			return r.tag ? `<${r.tag}>${t}</${r.tag}>` : t;
		})
		.join('');
}

export function visibleLength(runs: Run[]): number {
	return runs.reduce((n, r) => n + shownText(r).length, 0);
}

/** Header and footer always; then whole alert blocks while they fit; then "… and N more". */
export function fitRuns(head: Run[], blocks: Run[][], footer: Run[], more: (n: number) => string, max: number): Run[] {
	const reserve = visibleLength(footer) + more(blocks.length).length + 2;
	let used = visibleLength(head);
	const out = [...head];
	let k = 0;
	for (const b of blocks) {
		const len = visibleLength(b);
		const last = k === blocks.length - 1;
		if (used + len + (last ? visibleLength(footer) : reserve) > max) break;
		out.push(...b);
		used += len;
		k++;
	}
	if (k < blocks.length) out.push({ text: `\n${more(blocks.length - k)}` });
	out.push(...footer);
	return out;
}

export function formatTelegram(n: Notification, channel: TelegramChannel, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const head: Run[] = [
		{ text: truncate(headline(n), TELEGRAM_LIMITS.header), tag: 'b' },
		{ text: '\n' },
		{ text: truncate(`${w.group}: ${groupText(n) || n.groupKey}`, TELEGRAM_LIMITS.header), tag: 'i' },
		{ text: '\n' }
	];
	const footer: Run[] = [{ text: '\n' }, { text: w.openDashboard, href: n.groupUrl }];
	const runs = fitRuns(head, n.alerts.map((a) => alertRuns(a, n, ctx)), footer, w.more, TELEGRAM_LIMITS.text);
	return jsonRequest(`${apiBase(channel)}/bot${channel.bot_token}/sendMessage`, {
		chat_id: channel.chat_id,
		text: renderRuns(runs),
		parse_mode: 'HTML',
		// Bot API 7.0 replaced disable_web_page_preview with this; a preview of the dashboard adds nothing.
		link_preview_options: { is_disabled: true }
	});
}

function alertRuns(a: NotifiedAlert, n: Notification, ctx: FormatContext): Run[] {
	const w = wordsFor(n.language);
	const facts = [
		`${w.component}: ${whereText(a)}`,
		`${w.value}: ${valueText(a, n.language)}`,
		`${w.since}: ${sinceText(a, n, ctx)}`,
		...(a.acknowledged ? [w.acknowledged] : [])
	];
	return [
		{ text: `\n${alertBadge(a, w)} — ` },
		// An empty link text would make Telegram reject the whole message.
		{ text: truncate(a.summary || whereText(a), TELEGRAM_LIMITS.summary), href: a.url },
		{ text: `\n${truncate(facts.join(' · '), 600)}\n` }
	];
}

function apiBase(c: TelegramChannel): string {
	return c.api_url.replace(/\/+$/, '');
}

export const telegram: ChannelKind<TelegramChannel> = {
	format: formatTelegram,
	secrets: (c) => [c.bot_token, encodeURIComponent(c.bot_token)],
	target: (c) => `${apiBase(c)}/bot${REDACTED}/sendMessage (chat ${c.chat_id})`
};
