import ScrawlRecognition

/// The history list's rows, GTK-free: which rows must be bound again when the entries change.
enum HistoryRows {
    /// Positions in `ids` (the list's rows, in order) whose entry differs between `old` and `new`:
    /// a correction or a refined answer. Rows whose entry is unchanged keep their binding.
    static func changedPositions(ids: [String], old: [String: HistoryEntry], new: [String: HistoryEntry]) -> [Int] {
        ids.indices.filter { old[ids[$0]] != new[ids[$0]] }
    }
}
