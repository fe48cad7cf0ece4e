/// Process-wide malloc settings for commands that run models in a loop.
///
/// Model runs allocate and free the same large output buffers again and again. By default glibc serves
/// buffers over 128 KiB with mmap and returns them with munmap, so every run pays page faults for memory it
/// had a moment ago (measured: 685,000 faults in one 1D-CNN benchmark, 1.7x its run time). Raising the
/// thresholds keeps such buffers in the heap for reuse. It is process policy, so the executable sets it,
/// not the runtime library.
enum AllocatorTuning {
    /// Keeps buffers up to 256 MiB in the heap and trims the heap only past 1 GiB free.
    static func keepLargeBuffersInHeap() {
        #if os(Linux)
        // glibc's <malloc.h> parameter numbers; the header is not part of the Glibc module.
        let trimThreshold: Int32 = -1
        let mmapThreshold: Int32 = -3
        _ = glibcMallopt(mmapThreshold, 256 << 20)
        _ = glibcMallopt(trimThreshold, 1 << 30)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
