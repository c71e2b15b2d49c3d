package io.prognos.core.quality;

/**
 * The outcome of one data-quality check: its level, how many samples it found affected and what it
 * saw, in a sentence a person can act on.
 */
public record QualityCheck(String name, QualityLevel level, long affected, double share, String details) {
}
