import type { PipelineState, StageState } from '../protocol/pipeline.ts';
import { currentLocale, type Locale } from './locale.ts';

/**
 * Server prose that comes in both languages (the analyser's reason and stage summaries): the one
 * for the page's language, English when a Korean one is missing (an older server, a stored verdict).
 */
export function reasonIn(p: Pick<PipelineState, 'reason' | 'reasonKo'>, locale: Locale = currentLocale()): string | null {
	return (locale === 'ko' && p.reasonKo) || p.reason;
}

export function stageSummaryIn(s: Pick<StageState, 'summary' | 'summaryKo'>, locale: Locale = currentLocale()): string {
	return (locale === 'ko' && s.summaryKo) || s.summary;
}

/** A config or board text given in both languages (`title` / `titleKo`): the page's one, English when Korean is missing. */
export function localized<T extends string | undefined>(en: T, ko: string | undefined, locale: Locale = currentLocale()): T | string {
	return (locale === 'ko' && ko) || en;
}
