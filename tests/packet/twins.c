// SPDX-License-Identifier: MIT
/*
 * The C twins of tests/conformance/packet_sizes: the same bounds checks and
 * reads, written as libbpf programs are, compiled by clang-22 -O2. Their
 * instruction counts are what bpf.Header must match (packet_test.sh).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>

#define SEC(name) __attribute__((section(name), used))
#define SHORT 1000

SEC("xdp") int size1(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *b = data + 14 + 9;

	if ((void *)(b + 1) > end)
		return SHORT;
	return *b;
}

SEC("xdp") int size2(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__be16 *port = data + 14 + 20 + 2;

	if ((void *)(port + 1) > end)
		return SHORT;
	return __builtin_bswap16(*port);
}

SEC("xdp") int size14(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return SHORT;
	return __builtin_bswap16(eth->h_proto) + eth->h_source[5];
}

SEC("xdp") int size14_inner(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data + 14;

	if ((void *)(eth + 1) > end)
		return SHORT;
	return __builtin_bswap16(eth->h_proto) + eth->h_source[5];
}

SEC("xdp") int size20(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + 14;

	if ((void *)(ip + 1) > end)
		return SHORT;
	return ip->ttl + (ip->ihl << 8) + ((__builtin_bswap32(ip->daddr) & 0xff) << 12);
}

SEC("xdp") int size40(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip6 = data + 14;

	if ((void *)(ip6 + 1) > end)
		return SHORT;
	return ip6->hop_limit + (ip6->nexthdr << 8) + (ip6->version << 16);
}

SEC("tc") int tc_ttl(struct __sk_buff *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + 14;

	if ((void *)(ip + 1) > end)
		return TC_ACT_SHOT;
	ip->ttl--;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
