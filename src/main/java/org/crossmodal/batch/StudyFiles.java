package org.crossmodal.batch;

import java.io.Serializable;
import java.util.List;

/**
 * One study as a cluster task receives it: its Study Instance UID and the files of its series (paths
 * every machine of the cluster sees). The task reads their headers again instead of receiving them.
 */
record StudyFiles(String studyInstanceUid, List<String> files) implements Serializable {}
