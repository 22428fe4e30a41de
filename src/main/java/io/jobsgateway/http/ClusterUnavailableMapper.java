package io.jobsgateway.http;

import io.jobsgateway.cluster.ClusterUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Redis unreachable, in a cluster: 503 {@code {"error":"unavailable",...}}, and the client retries. */
@Provider
public class ClusterUnavailableMapper implements ExceptionMapper<ClusterUnavailableException> {

    @Override
    public Response toResponse(ClusterUnavailableException e) {
        return ApiError.unavailable().getResponse();
    }
}
