// Where the UI thread is while it stalls: another thread asks for a sample with a signal, the
// UI thread's handler records its own return addresses (backtrace), and the samples are turned
// into function names (addr2line for the executable, dladdr for the libraries) once the
// measurement is over. Samples are only taken while the event loop is already late, so they
// cost nothing the rest of the time.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>
#include <pthread.h>

namespace pp::stall {

using Stack = QVector<void *>; // innermost first; the signal handler's own frames removed

class StackSampler
{
public:
    // Installs the signal handler; `target` is the thread to sample (the UI thread).
    explicit StackSampler(pthread_t target);
    ~StackSampler();

    // Called from the watchdog thread. request() asks for one sample (a no-op while one is
    // pending); take() returns the sample once the target has recorded it.
    void request();
    bool take(Stack *out);

    // Names for every frame of the given stacks, in the same shape. Runs addr2line; call it
    // after the measurement.
    static QVector<QStringList> symbolize(const QVector<Stack> &stacks);

private:
    pthread_t m_target;
};

} // namespace pp::stall
