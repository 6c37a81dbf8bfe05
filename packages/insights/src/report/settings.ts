/** How a report decides that a change is beyond noise; every field can be overridden per call (tests, CLI). */
export interface AnomalySettings {
  /** Benjamini-Hochberg level: flag q <= this. */
  falseDiscoveryRate: number;
  /** Error rate must rise by at least this much (absolute share, 0.05 = 5 points). */
  minErrorRateIncrease: number;
  /** Share of reads with an empty result must rise by at least this much (absolute share). */
  minEmptyRateIncrease: number;
  /** Mean rating must fall by at least this many stars. */
  minRatingDrop: number;
  /** Median latency must rise by at least this fraction (0.5 = +50 %) ... */
  minLatencyIncrease: number;
  /** ... and by at least this many milliseconds. */
  minLatencyIncreaseMs: number;
  /** Fewer observations than this on either side (over the compared personas): not tested. */
  minObservations: number;
  /** A persona takes part in a test only with at least this many days of observations in each period (docs/statistics.md). */
  minPersonaDays: number;
}

export const DEFAULT_ANOMALY_SETTINGS: AnomalySettings = {
  falseDiscoveryRate: 0.05,
  minErrorRateIncrease: 0.05,
  minEmptyRateIncrease: 0.2,
  minRatingDrop: 0.3,
  minLatencyIncrease: 0.5,
  minLatencyIncreaseMs: 50,
  minObservations: 10,
  minPersonaDays: 1,
};
