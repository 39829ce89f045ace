/// The recording file's layout (docs/RECORDING.md describes it byte by byte):
///
/// - the mark `ILVREC` and the format version (2 bytes, little-endian);
/// - the header: its length (4 bytes), its fields, their checksum (4 bytes);
/// - blocks, each written whole as the run goes: a kind byte (`E` events, `Z` the end), the
///   payload's length and event count (4 bytes each), a checksum of those 9 bytes, the payload,
///   and a checksum of the count and payload (4 bytes each). A file without its `Z` block was cut
///   short; it opens up to its last whole block.
public enum RecordingFormat {
    public static let markText = "ILVREC"
    static let mark = Array(markText.utf8)
    /// The version this build writes and the newest it reads. Version 2 added the header's
    /// `answered` flag and `focus` (version 1 files read as neither); version 3 the network's
    /// latency (older files read as the program's own setting, or the default); version 4 the
    /// wake-up cost (older files read as 0); version 5 what ran a program observed in a real
    /// process (older files were all simulated); version 6 how to run a real program again that
    /// ran under Interleave's schedule.
    public static let version: UInt16 = 6
    /// Events per block: a killed recorder loses at most this many.
    public static let blockEvents = 4096

    static let eventsBlock = UInt8(ascii: "E")
    static let endBlock = UInt8(ascii: "Z")
    /// Kind, length, count and their checksum.
    static let blockHeaderSize = 13

    /// FNV-1a, 32 bits: enough to catch a damaged block.
    static func checksum(_ bytes: some Sequence<UInt8>, seed: UInt32 = 0x811C_9DC5) -> UInt32 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }

    /// FNV-1a, 64 bits, of a scenario's source: the header keeps it so a changed source is noticed.
    public static func sourceHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
