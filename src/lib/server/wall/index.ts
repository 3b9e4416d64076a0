export { WallSchema, PlaylistSchema, WallEntrySchema, PIPELINE_VIEW, checkWallReferences, wallTargets, type Playlist, type WallEntry, type WallConfig } from './schema.ts';
export { wallPlaylists, findPlaylist, DEFAULT_PLAYLIST } from './playlists.ts';
export { wallPageData } from './page-data.ts';
export { loadSessionSecret, readCookie, SESSION_COOKIE, SESSION_MAX_AGE_S } from './session.ts';
export { signInWall, isWallPath } from './sign-in.ts';
