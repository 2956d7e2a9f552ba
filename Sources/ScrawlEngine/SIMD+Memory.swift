/// Vector loads and stores at any float (or byte) address, for the kernels that work eight
/// channels at a time.
extension SIMD {
    /// The `scalarCount` values starting at `p` (no alignment needed).
    @inline(__always)
    init(loadingFrom p: UnsafePointer<Scalar>) {
        self = UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }

    @inline(__always)
    init(loadingFrom p: UnsafeMutablePointer<Scalar>) {
        self.init(loadingFrom: UnsafePointer(p))
    }

    /// Writes the values to `p` onward (no alignment needed).
    @inline(__always)
    func store(to p: UnsafeMutablePointer<Scalar>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
}
