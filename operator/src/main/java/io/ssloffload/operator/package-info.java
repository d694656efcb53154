/** The Exchange SSL offload operator. */
package io.ssloffload.operator;
