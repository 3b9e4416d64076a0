import type { Board } from '../protocol/boards.ts';
import type { PipelineState } from '../protocol/pipeline.ts';
import type { BookingWindow } from '../protocol/windows.ts';

/** One stop of a wall's rotation: a board, or the booking flow. */
export type WallView =
	| { kind: 'board'; id: string; title: string; titleKo?: string; seconds: number; board: Board }
	| { kind: 'pipeline'; id: 'pipeline'; title: string; titleKo?: string; seconds: number };

export interface WallPlaylist {
	id: string;
	title: string;
	/** The generated default playlist's title in Korean; a declared one keeps its title. */
	titleKo?: string;
	pauseOnCritical: boolean;
	views: WallView[];
}

/** What /wall and /wall/<playlist> load: everything the screen needs before its sockets connect. */
export interface WallPageData {
	title: string;
	/** The system's own zone (KST for the sample); the strip shows it next to UTC. */
	timeZone: string;
	playlist: WallPlaylist;
	names: Record<string, string>;
	pipeline: PipelineState;
	windows: { current: BookingWindow | null; next: BookingWindow | null };
}
