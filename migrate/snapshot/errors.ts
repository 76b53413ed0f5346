// The one error type of snapshot reading and writing.

/** A snapshot that cannot be written or read: the message is one line for the user. */
export class SnapshotError extends Error {}
