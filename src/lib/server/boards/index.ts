export { BoardsSchema, BoardSchema, type BoardConfig, type PanelConfig } from './schema.ts';
export { allBoards, resolveBoard, summarise, boardSeries } from './resolve-board.ts';
export { defaultBoards } from './default-boards.ts';
export { boardPageData, type BoardPageData } from './page-data.ts';
