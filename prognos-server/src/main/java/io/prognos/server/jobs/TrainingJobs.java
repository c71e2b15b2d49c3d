package io.prognos.server.jobs;

import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.store.TrainingJobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The server's training jobs: a queue worked by one thread, because training is CPU-heavy and the server
 * also scores live data. Jobs are kept in memory for the API and the dashboard, and stored when submitted
 * and when they end ({@link TrainingJobRepository}), so the history outlives a restart; a job that a
 * stopped server left queued or running is marked failed at the next start, with a line saying so.
 */
public final class TrainingJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);
    /** Jobs kept in memory (and so listed), newest first; older finished ones stay only in the store. */
    static final int KEPT = 200;

    private final TrainingOptions defaults;
    private final TrainingJobRepository store;
    private final JobRunner runner;
    private final ConcurrentSkipListMap<Long, RunningJob> jobs = new ConcurrentSkipListMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "prognos-training");
        t.setDaemon(true);
        return t;
    });

    /** @param defaults the pipeline options a request starts from (prognos.yaml's training settings) */
    public TrainingJobs(PipelineContext context, TrainingOptions defaults) {
        this.defaults = defaults;
        this.store = new TrainingJobRepository(context.db());
        this.runner = new JobRunner(context);
        recover();
    }

    /** The options a request without options trains with. */
    public TrainingOptions defaults() {
        return defaults;
    }

    /** Queues a job; it runs after the jobs queued before it. */
    public TrainingJob submit(JobRequest request) {
        TrainingJob queued = TrainingJob.queued(0, request, System.currentTimeMillis());
        long id = store.create(request.kind().label(), JobState.QUEUED.label(), request.requestedBy(), queued.createdAt(),
                JobRecords.write(queued));
        RunningJob job = new RunningJob(request, queued.withId(id));
        job.log("info", "queued by " + request.requestedBy() + ": " + request.sensors().size() + " sensor"
                + (request.sensors().size() == 1 ? "" : "s") + " (" + request.scope() + ")");
        jobs.put(id, job);
        forgetOld();
        worker.execute(() -> work(job));
        LOG.info("training job {} queued by {}: {}s for {} sensor(s) ({})", id, request.requestedBy(),
                request.kind().label(), request.sensors().size(), request.scope());
        return job.snapshot();
    }

    /** Jobs, newest first. */
    public List<TrainingJob> list() {
        List<TrainingJob> out = new ArrayList<>();
        for (RunningJob j : jobs.descendingMap().values()) {
            out.add(j.snapshot());
        }
        return out;
    }

    public Optional<TrainingJob> find(long id) {
        return Optional.ofNullable(jobs.get(id)).map(RunningJob::snapshot);
    }

    /**
     * Cancels a queued job at once, or stops a running one after its current sensor.
     *
     * @throws NoSuchElementException when there is no such job
     * @throws IllegalStateException  when it already ended
     */
    public TrainingJob cancel(long id, String by) {
        RunningJob job = jobs.get(id);
        if (job == null) {
            throw new NoSuchElementException("no training job with id " + id);
        }
        TrainingJob after = job.cancel(by);
        if (after.state().finished()) {
            persist(after);
        }
        LOG.info("training job {}: cancel by {} ({})", id, by, after.state().label());
        return after;
    }

    /** How many jobs are in a state (for the queued and running gauges). */
    public long count(JobState state) {
        return jobs.values().stream().filter(j -> j.snapshot().state() == state).count();
    }

    /** True while any job is queued or running. */
    public boolean busy() {
        return jobs.values().stream().anyMatch(j -> !j.snapshot().state().finished());
    }

    private void work(RunningJob job) {
        if (!job.start()) {
            return; // cancelled while queued
        }
        long id = job.snapshot().id();
        JobState end;
        try {
            end = runner.run(job);
        } catch (RuntimeException | Error e) {
            LOG.error("training job {} broke", id, e);
            job.log("error", "the job broke: " + e + " (the server log has the stack trace)");
            end = JobState.FAILED;
            if (e instanceof VirtualMachineError) {
                persist(job.end(end));
                throw (VirtualMachineError) e;
            }
        }
        TrainingJob done = job.end(end);
        persist(done);
        LOG.info("training job {} {}: {} of {} sensors trained", id, end.label(), done.outcomes().size() - done.failures(),
                done.sensors().size());
    }

    private void persist(TrainingJob job) {
        try {
            store.update(job.id(), job.state().label(), job.endedAt(), JobRecords.write(job));
        } catch (RuntimeException e) {
            LOG.error("training job {} ended {} but could not be stored; it is listed until the server stops", job.id(),
                    job.state().label(), e);
        }
    }

    /** Reads the newest stored jobs; those a stopped server left unfinished are marked failed. */
    private void recover() {
        for (TrainingJobRepository.StoredJob stored : store.recent(KEPT)) {
            TrainingJob job;
            try {
                job = JobRecords.read(stored);
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping a stored training job: {}", e.getMessage());
                continue;
            }
            if (!job.state().finished()) {
                long now = System.currentTimeMillis();
                job = job.withEvent(new JobEvent(now, "error", "the server stopped while this job was " + job.state().label()
                        + "; sensors without an outcome were not trained: start the job again")).ended(JobState.FAILED, now);
                persist(job);
            }
            jobs.put(job.id(), RunningJob.finished(job));
        }
    }

    /** Keeps the newest {@link #KEPT} jobs in memory, dropping the oldest finished ones. */
    private void forgetOld() {
        while (jobs.size() > KEPT) {
            Optional<Map.Entry<Long, RunningJob>> oldest = jobs.entrySet().stream()
                    .filter(e -> e.getValue().snapshot().state().finished()).findFirst();
            if (oldest.isEmpty()) {
                return;
            }
            jobs.remove(oldest.get().getKey());
        }
    }

    /** Stops the worker; a job still running is recorded as failed at the next start. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("a training job was still running when the server stopped; it is marked failed at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
