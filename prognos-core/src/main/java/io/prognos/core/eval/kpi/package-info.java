/**
 * Pure computations behind the model-monitoring KPIs: confusion matrices with ratios that stay empty when
 * undefined ({@link io.prognos.core.eval.kpi.ConfusionMatrix}), ROC curves and AUC
 * ({@link io.prognos.core.eval.kpi.RocCurve}), detection KPIs per time bucket
 * ({@link io.prognos.core.eval.kpi.KpiSeries}), online forecast errors
 * ({@link io.prognos.core.eval.kpi.ForecastErrorAccumulator}) and degradation against a validation baseline
 * ({@link io.prognos.core.eval.kpi.KpiDegradation}). No I/O: a server module feeds them with data from the
 * store.
 */
package io.prognos.core.eval.kpi;
