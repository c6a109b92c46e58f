// Streams and events. Every operation completes before its call returns, so a stream is only a
// handle to validate, synchronisation is a no-op, and an event records the host time of its record.
#include <chrono>
#include <mutex>
#include <set>

#include "driver.h"

struct t4emu_stream {
    unsigned int flags;
    int priority;
};

struct t4emu_event {
    unsigned int flags;
    bool recorded;
    std::chrono::steady_clock::time_point when;
};

namespace t4emu {
namespace {

std::mutex g_lock;
std::set<CUstream> g_streams;
std::set<CUevent> g_events;

// The legacy and per-thread default streams, which need no creation.
bool is_default_stream(CUstream s) {
    uintptr_t v = reinterpret_cast<uintptr_t>(s);
    return v == 0 || v == 1 || v == 2;
}

CUresult check_event(CUevent e) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    return g_events.count(e) != 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE;
}

}  // namespace

CUresult check_stream(CUstream s) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS || is_default_stream(s)) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    return g_streams.count(s) != 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE;
}

}  // namespace t4emu

using namespace t4emu;

T4EMU_API CUresult cuStreamCreateWithPriority(CUstream* s, unsigned int flags, int priority) {
    if (s == nullptr || flags > 1) return CUDA_ERROR_INVALID_VALUE;  // CU_STREAM_DEFAULT or _NON_BLOCKING
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    *s = new t4emu_stream{flags, priority};
    std::lock_guard<std::mutex> lock(g_lock);
    g_streams.insert(*s);
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuStreamCreate(CUstream* s, unsigned int flags) { return cuStreamCreateWithPriority(s, flags, 0); }

T4EMU_API CUresult cuStreamDestroy_v2(CUstream s) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    if (g_streams.erase(s) == 0) return CUDA_ERROR_INVALID_HANDLE;
    delete s;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuStreamSynchronize(CUstream s) { return check_stream(s); }
T4EMU_API CUresult cuStreamQuery(CUstream s) { return check_stream(s); }

T4EMU_API CUresult cuStreamGetFlags(CUstream s, unsigned int* flags) {
    if (flags == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_stream(s);
    if (r == CUDA_SUCCESS) *flags = is_default_stream(s) ? 0 : s->flags;
    return r;
}

T4EMU_API CUresult cuStreamGetPriority(CUstream s, int* priority) {
    if (priority == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_stream(s);
    if (r == CUDA_SUCCESS) *priority = is_default_stream(s) ? 0 : s->priority;
    return r;
}

T4EMU_API CUresult cuStreamWaitEvent(CUstream s, CUevent e, unsigned int) {
    CUresult r = check_stream(s);
    return r != CUDA_SUCCESS ? r : check_event(e);
}

// Host callbacks run at once, on the caller's thread: all earlier work on the stream is done.
T4EMU_API CUresult cuLaunchHostFunc(CUstream s, void (*fn)(void*), void* data) {
    if (fn == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_stream(s);
    if (r == CUDA_SUCCESS) fn(data);
    return r;
}

T4EMU_API CUresult cuStreamAddCallback(CUstream s, void (*fn)(CUstream, CUresult, void*), void* data, unsigned int flags) {
    if (fn == nullptr || flags != 0) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_stream(s);
    if (r == CUDA_SUCCESS) fn(s, CUDA_SUCCESS, data);
    return r;
}

T4EMU_API CUresult cuEventCreate(CUevent* e, unsigned int flags) {
    if (e == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    *e = new t4emu_event{flags, false, {}};
    std::lock_guard<std::mutex> lock(g_lock);
    g_events.insert(*e);
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuEventDestroy_v2(CUevent e) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    if (g_events.erase(e) == 0) return CUDA_ERROR_INVALID_HANDLE;
    delete e;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuEventRecord(CUevent e, CUstream s) {
    CUresult r = check_event(e);
    if (r == CUDA_SUCCESS) r = check_stream(s);
    if (r != CUDA_SUCCESS) return r;
    e->recorded = true;
    e->when = std::chrono::steady_clock::now();
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuEventRecordWithFlags(CUevent e, CUstream s, unsigned int) { return cuEventRecord(e, s); }
T4EMU_API CUresult cuEventQuery(CUevent e) { return check_event(e); }
T4EMU_API CUresult cuEventSynchronize(CUevent e) { return check_event(e); }

T4EMU_API CUresult cuEventElapsedTime(float* ms, CUevent start, CUevent end) {
    if (ms == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_event(start);
    if (r == CUDA_SUCCESS) r = check_event(end);
    if (r != CUDA_SUCCESS) return r;
    const unsigned int disableTiming = 2;  // CU_EVENT_DISABLE_TIMING
    if (!start->recorded || !end->recorded || ((start->flags | end->flags) & disableTiming) != 0)
        return CUDA_ERROR_INVALID_HANDLE;
    *ms = std::chrono::duration<float, std::milli>(end->when - start->when).count();
    return CUDA_SUCCESS;
}
