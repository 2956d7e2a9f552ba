/// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not import).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Process-wide allocator settings for numeric work.
public enum MemoryTuning {
    /// Keeps glibc from returning large blocks to the kernel after every free: training allocates and
    /// frees batch-sized arrays each step, and with the default mmap threshold each one costs fresh
    /// page faults (measured: a third of training time was spent in the kernel).
    public static func keepLargeAllocations() {
        #if os(Linux)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3   // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 512 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
