"""
A boto3 client against the reference server, as boto3-based suites drive S3: SSE-C put, get,
head, copy and multipart upload, versioning with a key per version, list_object_versions, and
the bucket-emptying pattern third-party suites run in their set-up and teardown (list every
version, delete_objects by VersionId, delete_bucket). Run by interop-tools.test.ts with the
endpoint in SSEC_INTEROP_ENDPOINT and the CA in AWS_CA_BUNDLE; prints one line per step and
exits non-zero on the first failure. Keys are random per run, held in memory only.
"""
import base64
import hashlib
import os
import secrets
import sys

import boto3
from botocore.exceptions import ClientError

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["SSEC_INTEROP_ENDPOINT"],
    region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
)
BUCKET = os.environ.get("SSEC_INTEROP_BUCKET", "boto3-interop")
K1 = secrets.token_bytes(32)
K2 = secrets.token_bytes(32)


def ssec(key, prefix="SSECustomer"):
    # boto3 base64-encodes the key and computes its MD5 itself.
    return {f"{prefix}Algorithm": "AES256", f"{prefix}Key": key}


def ssec_encoded(key):
    # Operations whose key this botocore does not encode itself (GetObjectAttributes) take it encoded.
    return {
        "SSECustomerAlgorithm": "AES256",
        "SSECustomerKey": base64.b64encode(key).decode(),
        "SSECustomerKeyMD5": base64.b64encode(hashlib.md5(key).digest()).decode(),
    }


def step(name):
    print(f"ok {name}", flush=True)


def expect_error(fn, status, what):
    try:
        fn()
    except ClientError as e:
        got = e.response["ResponseMetadata"]["HTTPStatusCode"]
        if got != status:
            sys.exit(f"{what}: expected {status}, got {got} {e.response['Error'].get('Code')}")
        return
    sys.exit(f"{what}: expected {status}, the request succeeded")


def empty_bucket(bucket):
    """The pattern of boto3-based suites: every version and delete marker, deleted by id."""
    paginator = s3.get_paginator("list_object_versions")
    for page in paginator.paginate(Bucket=bucket):
        objects = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
        ]
        if objects:
            res = s3.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": False})
            if res.get("Errors"):
                sys.exit(f"delete_objects: {res['Errors']}")
    s3.delete_bucket(Bucket=bucket)


s3.create_bucket(Bucket=BUCKET)
body = secrets.token_bytes(1000)
s3.put_object(Bucket=BUCKET, Key="one", Body=body, **ssec(K1))
got = s3.get_object(Bucket=BUCKET, Key="one", **ssec(K1))
assert got["Body"].read() == body, "get_object returned other bytes"
assert got["SSECustomerAlgorithm"] == "AES256"
step("put_object/get_object with SSE-C")
head = s3.head_object(Bucket=BUCKET, Key="one", **ssec(K1))
assert head["ContentLength"] == len(body), head["ContentLength"]
expect_error(lambda: s3.head_object(Bucket=BUCKET, Key="one", **ssec(K2)), 403, "head_object with another key")
expect_error(lambda: s3.get_object(Bucket=BUCKET, Key="one"), 400, "get_object without the key")
step("head_object; wrong and missing keys refused")

s3.copy_object(
    Bucket=BUCKET,
    Key="copy",
    CopySource={"Bucket": BUCKET, "Key": "one"},
    **ssec(K1, "CopySourceSSECustomer"),
    **ssec(K2),
)
assert s3.get_object(Bucket=BUCKET, Key="copy", **ssec(K2))["Body"].read() == body
step("copy_object re-keyed")

part = secrets.token_bytes(5 * 1024 * 1024)
up = s3.create_multipart_upload(Bucket=BUCKET, Key="mpu", **ssec(K1))
parts = []
for n, data in ((1, part), (2, b"tail")):
    r = s3.upload_part(Bucket=BUCKET, Key="mpu", UploadId=up["UploadId"], PartNumber=n, Body=data, **ssec(K1))
    parts.append({"PartNumber": n, "ETag": r["ETag"]})
# Complete without the key, as AWS accepts it (this botocore does not encode a key for Complete).
s3.complete_multipart_upload(Bucket=BUCKET, Key="mpu", UploadId=up["UploadId"], MultipartUpload={"Parts": parts})
assert s3.get_object(Bucket=BUCKET, Key="mpu", **ssec(K1))["Body"].read() == part + b"tail"
attrs = s3.get_object_attributes(
    Bucket=BUCKET, Key="mpu", ObjectAttributes=["ObjectSize", "ObjectParts"], **ssec_encoded(K1)
)
assert attrs["ObjectSize"] == len(part) + 4 and attrs["ObjectParts"]["TotalPartsCount"] == 2, attrs
step("multipart upload with SSE-C; get_object_attributes")

s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
v1 = s3.put_object(Bucket=BUCKET, Key="v", Body=b"version 1", **ssec(K1))["VersionId"]
v2 = s3.put_object(Bucket=BUCKET, Key="v", Body=b"version 2", **ssec(K2))["VersionId"]
assert s3.get_object(Bucket=BUCKET, Key="v", VersionId=v1, **ssec(K1))["Body"].read() == b"version 1"
expect_error(
    lambda: s3.get_object(Bucket=BUCKET, Key="v", VersionId=v1, **ssec(K2)), 403, "old version with the new key"
)
s3.delete_object(Bucket=BUCKET, Key="v")
listed = s3.list_object_versions(Bucket=BUCKET, Prefix="v")
assert {v["VersionId"] for v in listed["Versions"]} == {v1, v2}, listed
assert len(listed["DeleteMarkers"]) == 1, listed
step("versioning: a key per version, list_object_versions, delete marker")

empty_bucket(BUCKET)
expect_error(lambda: s3.head_bucket(Bucket=BUCKET), 404, "head_bucket after the bucket was emptied and deleted")
step("bucket emptied by list_object_versions + delete_objects, and deleted")
