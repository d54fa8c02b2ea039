package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.ModeScope;

/** The adaptation methods of one student run, in the order their loss terms are summed. */
public final class Adaptations {
  private final List<AdaptationMethod> methods;

  private Adaptations(List<AdaptationMethod> methods) {
    this.methods = List.copyOf(methods);
  }

  /**
   * The methods the configuration switches on, then {@code extra} ones (a research script's). The
   * order fixes how the loss terms are summed: pseudo-labels, adversarial, consistency.
   */
  public static Adaptations of(StudentConfig.Adaptation a, StudentNetworks n, List<AdaptationMethod.Factory> extra) {
    List<AdaptationMethod> m = new ArrayList<>();
    if (a.domainBatchNorm) m.add(new UltrasoundBatchNorm());
    if (a.pseudoLabels) m.add(new PseudoLabelLoss(n.loss(), a.pseudoLabelWeight, a.ultrasoundForegroundOnly));
    if (a.adversarial) m.add(new AdversarialHead(n.net().classifier(), a.adversarialWeight));
    if (a.meanTeacher) {
      m.add(new Consistency(n.meanTeacher().net(), a.consistencyWeight, a.ultrasoundForegroundOnly));
      m.add(new MeanTeacher(n.unet(), n.meanTeacher().net(), a.emaDecay));
    }
    for (AdaptationMethod.Factory f : extra) m.add(f.create(n));
    return new Adaptations(m);
  }

  /** The batch norms ultrasound uses: its own when a method gives it some, else the MRI ones. */
  public int ultrasoundDomain() {
    return methods.stream().anyMatch(AdaptationMethod::ownUltrasoundStatistics) ? DomainSwitch.ULTRASOUND : DomainSwitch.MRI;
  }

  public void start(StudentNetworks n, List<float[]> ultrasound, Consumer<String> log) {
    for (AdaptationMethod m : methods) m.start(n, ultrasound, log);
  }

  /** Every method's mode for one step, closed in reverse order, and all of them even when one fails. */
  public ModeScope during(StepContext step) {
    List<ModeScope> open = new ArrayList<>();
    try {
      for (AdaptationMethod m : methods) open.add(m.during(step));
    } catch (RuntimeException e) {
      closeAll(open);
      throw e;
    }
    return () -> closeAll(open);
  }

  private static void closeAll(List<ModeScope> open) {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** {@code supervised} (the MRI loss) plus every method's MRI term. */
  public NDArray mriLoss(StepContext step, NDList out, NDArray supervised) {
    NDArray sum = supervised;
    for (AdaptationMethod m : methods) sum = plus(sum, m.mriLoss(step, out));
    return sum;
  }

  /** The sum of the methods' ultrasound terms; null when none adds one. */
  public NDArray ultrasoundLoss(StepContext step, NDList out) {
    NDArray sum = null;
    for (AdaptationMethod m : methods) sum = plus(sum, m.ultrasoundLoss(step, out));
    return sum;
  }

  public void afterStep() {
    for (AdaptationMethod m : methods) m.afterStep();
  }

  private static NDArray plus(NDArray sum, NDArray term) {
    return term == null ? sum : sum == null ? term : sum.add(term);
  }
}
