/** Starts a real etcd and kube-apiserver for tests. */
package io.ssloffload.kubeharness;
