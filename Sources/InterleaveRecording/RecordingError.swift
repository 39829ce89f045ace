/// Why a recording can't be read, with where in the file and what was expected there.
public enum RecordingError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    /// Not a recording at all: the first bytes are not the format's mark.
    case foreign(found: String)
    /// Written by a newer format than this build reads.
    case newerVersion(needs: UInt16, reads: UInt16)
    case damaged(offset: Int, expected: String)
    /// A block whose checksum does not match its bytes.
    case checksum(offset: Int, block: Int)
    /// The file could not be opened, read or written.
    case io(String)

    public var description: String {
        switch self {
        case .empty:
            return "the file is empty; a recording starts with the mark '\(RecordingFormat.markText)'"
        case .foreign(let found):
            return "byte 0: expected the recording mark '\(RecordingFormat.markText)', found \(found): this is not an Interleave recording"
        case .newerVersion(let needs, let reads):
            return "this recording needs format version \(needs); this interleave reads version \(reads) and older. Use a newer interleave."
        case .damaged(let offset, let expected):
            return "byte \(offset): expected \(expected); the recording is damaged"
        case .checksum(let offset, let block):
            return "byte \(offset): block \(block)'s checksum does not match its contents; the recording is damaged"
        case .io(let message):
            return message
        }
    }
}
