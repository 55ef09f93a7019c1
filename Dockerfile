# Custom SDK container for Dataflow (and any portable runner): the Beam Python 3.11 SDK image of the
# pinned Beam version, plus git (bare-repository dumps are read with the git CLI) and codecurate
# with its pinned dependencies, so workers run exactly the code the launcher built the graph from.
#
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPO/codecurate:0.1.0 .
#   docker push REGION-docker.pkg.dev/PROJECT/REPO/codecurate:0.1.0
#   codecurate run gs://... --output gs://... --runner DataflowRunner \
#       --sdk_container_image REGION-docker.pkg.dev/PROJECT/REPO/codecurate:0.1.0 ...
#
# The Beam version here must equal the `apache-beam==` pin in pyproject.toml: the launcher and the
# workers must run the same SDK.
FROM apache/beam_python3.11_sdk:2.77.0

RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*

# Nothing here may reach the network at run time (Hugging Face hub, public-suffix list).
ENV HF_HUB_OFFLINE=1 \
    HF_DATASETS_OFFLINE=1 \
    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS= \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/codecurate
# Metadata first so the dependency layer is cached across source-only changes.
COPY pyproject.toml README.md ./
COPY core ./core
COPY pipeline ./pipeline
COPY filters ./filters
COPY licenses ./licenses
COPY pii ./pii
COPY dedup ./dedup
COPY configs ./configs
RUN pip install . \
    && python -c "import apache_beam, pipeline.graph; assert apache_beam.__version__ == '2.77.0', apache_beam.__version__" \
    && git --version

# The base image's ENTRYPOINT (/opt/apache/beam/boot) is kept: it starts the SDK harness.
