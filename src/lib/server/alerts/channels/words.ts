import type { Language, Severity } from '../types.ts';

/**
 * The fixed words of a channel message in each language. Alert summaries arrive already
 * rendered in the notification's language; only the frame around them is translated here.
 */
export interface Words {
	severity: Record<Severity, string>;
	firing: string;
	resolved: string;
	alerts: (n: number) => string;
	more: (n: number) => string;
	truncated: string;
	component: string;
	value: string;
	threshold: string;
	noData: string;
	since: string;
	resolvedAt: string;
	lasted: (d: string) => string;
	ongoing: (d: string) => string;
	acknowledged: string;
	open: string;
	openDashboard: string;
	group: string;
	duration: (h: number, m: number, s: number) => string;
}

const en: Words = {
	severity: { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' },
	firing: 'FIRING',
	resolved: 'RESOLVED',
	alerts: (n) => (n === 1 ? '1 alert' : `${n} alerts`),
	more: (n) => (n === 1 ? '… and 1 more alert' : `… and ${n} more alerts`),
	truncated: '… (truncated)',
	component: 'Component',
	value: 'Value',
	threshold: 'threshold',
	noData: 'no data',
	since: 'Since',
	resolvedAt: 'Resolved',
	lasted: (d) => `lasted ${d}`,
	ongoing: (d) => `for ${d}`,
	acknowledged: 'acknowledged',
	open: 'Open',
	openDashboard: 'Open in dashboard',
	group: 'Group',
	duration: (h, m, s) => (h ? `${h}h ${m}m` : m && s ? `${m}m ${s}s` : m ? `${m}m` : `${s}s`)
};

const ko: Words = {
	severity: { critical: '심각', warning: '경고', info: '정보' },
	firing: '발생',
	resolved: '해소',
	alerts: (n) => `경보 ${n}건`,
	more: (n) => `… 외 경보 ${n}건`,
	truncated: '… (생략됨)',
	component: '구성 요소',
	value: '값',
	threshold: '임계값',
	noData: '데이터 없음',
	since: '시작',
	resolvedAt: '해소',
	lasted: (d) => `${d} 지속`,
	ongoing: (d) => `${d}째`,
	acknowledged: '확인됨',
	open: '열기',
	openDashboard: '대시보드에서 보기',
	group: '그룹',
	duration: (h, m, s) => (h ? `${h}시간 ${m}분` : m && s ? `${m}분 ${s}초` : m ? `${m}분` : `${s}초`)
};

export function wordsFor(language: Language): Words {
	return language === 'ko' ? ko : en;
}
