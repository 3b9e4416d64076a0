import type { NotifiedAlert, Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { alertBadge, groupText, headline, sinceText, valueText, whereText, type FormatContext } from './describe.ts';
import { urlSecrets, urlTarget } from './redact.ts';
import type { SlackChannel } from './schema.ts';
import { fitItems, truncate, truncateEscaped } from './truncate.ts';
import { wordsFor } from './words.ts';

/** Block Kit limits from api.slack.com/reference/block-kit (blocks, and the composition objects). */
export const SLACK_LIMITS = {
	blocks: 50,
	headerText: 150,
	sectionText: 3_000,
	contextText: 3_000,
	buttonText: 75,
	buttonUrl: 3_000,
	/** chat.postMessage truncates `text` beyond this; we cut first, with a marker. */
	text: 40_000,
	/**
	 * Undocumented: Slack answers `msg_blocks_too_long` once the text of all blocks passes about
	 * 13,200 characters, although each block is within its limit (slackapi/bolt-js#2509).
	 */
	blocksText: 12_000
} as const;

/** Fixed blocks: header, context (group), actions (dashboard button). */
const FIXED_BLOCKS = 3;
/** Per alert in the notification-preview `text`: the blocks carry the full summaries. */
const PREVIEW_SUMMARY = 300;
/** Slack's advice for `text` ("for best results, 4,000 characters"); it is only a preview. */
const PREVIEW_TEXT = 4_000;
/** One long summary must not push every other alert out of the message. */
const SECTION_SUMMARY = 1_500;

/** Slack's mrkdwn treats only these as control characters (api.slack.com: formatting text). */
export function escapeSlack(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackUrl(url: string): string {
	return url.replace(/[|<>]/g, encodeURIComponent);
}

export function formatSlack(n: Notification, channel: SlackChannel, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const header = { type: 'header', text: { type: 'plain_text', text: truncate(headline(n), SLACK_LIMITS.headerText), emoji: true } };
	const contextText = truncateEscaped(`${w.group}: ${groupText(n) || n.groupKey}`, 1_000, escapeSlack);
	const context = { type: 'context', elements: [{ type: 'mrkdwn', text: contextText }] };
	const button = { type: 'plain_text', text: truncate(w.openDashboard, SLACK_LIMITS.buttonText) };
	const actions = { type: 'actions', elements: [{ type: 'button', text: button, url: n.groupUrl.slice(0, SLACK_LIMITS.buttonUrl) }] };
	const moreText = (k: number) => `${w.more(k)} — <${slackUrl(n.groupUrl)}|${escapeSlack(w.openDashboard)}>`;
	const texts = n.alerts.map((a) => alertSection(a, n, ctx));
	const shown = fitSections(texts, header.text.text.length + contextText.length + button.text.length + moreText(n.alerts.length).length);
	const blocks: unknown[] = [header, context, ...shown.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }))];
	if (shown.length < texts.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: moreText(texts.length - shown.length) } });
	blocks.push(actions);
	return jsonRequest(channel.url, { text: previewText(n), blocks });
}

/** As many alert sections as the block count and the blocks' total text allow. */
function fitSections(texts: string[], fixedChars: number): string[] {
	const room = SLACK_LIMITS.blocks - FIXED_BLOCKS;
	if (texts.length <= room && texts.reduce((s, t) => s + t.length, fixedChars) <= SLACK_LIMITS.blocksText) return texts;
	const out: string[] = [];
	let used = fixedChars;
	for (const t of texts) {
		// One block stays free for "… and N more alerts".
		if (out.length === room - 1 || used + t.length > SLACK_LIMITS.blocksText) break;
		out.push(t);
		used += t.length;
	}
	return out;
}

/** "*<url|🔴 CRITICAL — summary>*" then one line of facts; the summary gets what the facts leave. */
function alertSection(a: NotifiedAlert, n: Notification, ctx: FormatContext): string {
	const w = wordsFor(n.language);
	const facts = [
		`${w.component}: ${whereText(a)}`,
		`${w.value}: ${valueText(a, n.language)}`,
		`${w.since}: ${sinceText(a, n, ctx)}`,
		...(a.acknowledged ? [`_${w.acknowledged}_`] : [])
	];
	const tail = `>*\n${escapeSlack(truncate(facts.join(' · '), 1_000))}`;
	// Dashboard links are short; a pathological one is dropped rather than crowd out the summary.
	const open = a.url.length <= 1_000 ? `*<${slackUrl(a.url)}|` : '*';
	const head = `${open}${escapeSlack(alertBadge(a, w))} — `;
	const close = open === '*' ? tail.slice(1) : tail;
	const room = SLACK_LIMITS.sectionText - head.length - close.length;
	return head + truncateEscaped(truncate(a.summary, SECTION_SUMMARY), room, escapeSlack) + close;
}

/** What phones and the sidebar show: the headline and one line per alert. */
function previewText(n: Notification): string {
	const w = wordsFor(n.language);
	const lines = n.alerts.map((a) => escapeSlack(`${alertBadge(a, w)} ${truncate(a.summary, PREVIEW_SUMMARY)} (${whereText(a)})`));
	const max = Math.min(PREVIEW_TEXT, SLACK_LIMITS.text);
	const body = fitItems(lines, max - 200, w.more);
	return truncate(`${escapeSlack(headline(n))}\n${body}`, max, w.truncated);
}

export const slack: ChannelKind<SlackChannel> = {
	format: formatSlack,
	secrets: (c) => urlSecrets(c.url),
	target: (c) => urlTarget(c.url)
};
