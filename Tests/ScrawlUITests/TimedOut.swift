/// A condition a window test waited for never came: thrown, it fails the test and stops it.
struct TimedOut: Error, CustomStringConvertible {
    var description: String
}
