package org.crossmodal.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Domain-specific batch normalisation: one BatchNorm (scale, shift and running statistics) per
 * domain, chosen by a {@link DomainSwitch}. The teacher uses the MRI one; the student adapts the
 * ultrasound one (AdaBN recomputes its statistics on ultrasound batches).
 */
public final class DomainBatchNorm extends AbstractBlock {
  private final DomainSwitch domain;
  private final Block[] norms;

  public DomainBatchNorm(int domains, DomainSwitch domain) {
    this.domain = domain;
    this.norms = new Block[domains];
    for (int d = 0; d < domains; d++) norms[d] = addChildBlock("bn" + d, BatchNorm.builder().build());
  }

  public Block norm(int d) {
    return norms[d];
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return norms[Math.min(domain.active(), norms.length - 1)].forward(ps, inputs, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block b : norms) b.initialize(manager, dataType, inputShapes);
  }
}
